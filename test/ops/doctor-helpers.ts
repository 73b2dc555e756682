import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ENV_KEYS } from '../../src/config/load-config.js';
import { cli, type CliResult } from '../helpers/cli.js';

/** Every variable the configuration reads, emptied: the child sees only what a test sets (empty counts as unset). */
export const CLEAN_ENV: Record<string, string> = Object.fromEntries(
  ['AGENTIC_SDLC_CONFIG', ...ENV_KEYS.flatMap(({ env }) => [env, `${env}_FILE`])].map((name) => [name, '']),
);

export interface DoctorResult extends CliResult {
  checks: { status: 'ok' | 'fail' | 'off'; name: string; message: string; fix?: string; details?: string[] }[];
}

/** `agentic-sdlc doctor --json` in a child process, in an empty folder unless `cwd` is given. */
export async function doctorJson(env: Record<string, string>, args: string[] = [], cwd?: string): Promise<DoctorResult> {
  const result = await cli(['doctor', '--json', ...args], { cwd: cwd ?? mkdtempSync(join(tmpdir(), 'doctor-')), env: { ...CLEAN_ENV, ...env } });
  const parsed = result.stdout ? (JSON.parse(result.stdout) as { checks: DoctorResult['checks'] }) : { checks: [] };
  return { ...result, checks: parsed.checks };
}

export function check(result: DoctorResult, name: string) {
  const found = result.checks.find((line) => line.name === name);
  if (!found) throw new Error(`no "${name}" line in:\n${result.stdout}${result.stderr}`);
  return found;
}

export function rsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A database of its own on the test server (dropped by the returned function): the store keeps its tables in `public`. */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `doctor_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
