import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyvStore } from '../../src/llm/kv-store.js';
import { cli } from '../helpers/cli.js';
import { requirePostgres } from '../helpers/services.js';
import { startFakeS3, type FakeS3 } from './backup-fake-s3.js';

/**
 * Backups that leave the machine: to and from S3 (a local server answering as S3 does, path-style, the SDK
 * signing with credentials from its default chain: here the environment), and the PostgreSQL path, where
 * agentic-sdlc prints pg_dump's commands without the password, or runs pg_dump itself with --pg-dump.
 */

const DIFF = join(import.meta.dirname, '../../examples/pr-review/diff.patch');
const KEY_ID = 'AKIDBACKUPTEST';
const SECRET = 'backup-test-secret-key';
const BASE_ENV = { DATABASE_URL: '', REDIS_URL: '', AGENTIC_SDLC_CONFIG: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', OLLAMA_BASE_URL: '' };

let dir: string;
let s3: FakeS3;
let s3Env: Record<string, string>;
const at = (db: string, args: string[], env: Record<string, string> = s3Env) => cli(['--db', db, ...args], { cwd: dir, env });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-backup-remote-'));
  s3 = await startFakeS3({ bucket: 'backups', accessKeyId: KEY_ID, region: 'us-east-1' });
  // AWS_REGION empty: with an endpoint of its own, the store is addressed in us-east-1 (the fake checks the credential scope).
  s3Env = { ...BASE_ENV, AGENTIC_SDLC_S3_ENDPOINT: s3.url, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_PROFILE: '' };
});
afterAll(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agentic-sdlc backup and restore with s3://', () => {
  it('uploads the state and the cache, refuses to overwrite them, and restores from them', async () => {
    const state = join(dir, 'live', 'state.db');
    expect((await at(state, ['run', 'pr-review', '--input', `diff=@${DIFF}`, '--json'])).code).toBe(0);
    const cache = createKeyvStore({ backend: 'sqlite', ttlDays: 30 }, state);
    await cache.set('answer', 42);
    await cache.disconnect();

    const made = await at(state, ['backup', 's3://backups/agentic-sdlc/nightly.db', '--with-cache']);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('to s3://backups/agentic-sdlc/nightly.db\n');
    expect(made.stdout).toContain('to s3://backups/agentic-sdlc/nightly.db.llm-cache\n');
    expect([...s3.objects.keys()].sort()).toEqual(['agentic-sdlc/nightly.db', 'agentic-sdlc/nightly.db.llm-cache']);
    expect(s3.objects.get('agentic-sdlc/nightly.db')!.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(s3.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'HEAD /backups/agentic-sdlc/nightly.db',
      'HEAD /backups/agentic-sdlc/nightly.db.llm-cache',
      'PUT /backups/agentic-sdlc/nightly.db',
      'PUT /backups/agentic-sdlc/nightly.db.llm-cache',
    ]);
    // Every request was signed (SigV4, the key from the environment); the secret itself never travels.
    for (const request of s3.requests) expect(request.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY_ID}/\\d{8}/us-east-1/s3/aws4_request`));
    expect(JSON.stringify(s3.requests)).not.toContain(SECRET);

    const again = await at(state, ['backup', 's3://backups/agentic-sdlc/nightly.db']);
    expect(again).toMatchObject({ code: 1, stderr: 'agentic-sdlc: s3://backups/agentic-sdlc/nightly.db already exists: choose another key, or pass --force to replace it\n' });

    const restored = join(dir, 'restored', 'state.db');
    const done = await at(restored, ['restore', 's3://backups/agentic-sdlc/nightly.db', '--with-cache']);
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/^restored 1 run, \d+ steps, 0 API tokens \(schema \d+\) from s3:\/\/backups\/agentic-sdlc\/nightly.db into /);
    expect(statSync(restored).mode & 0o777).toBe(0o600);
    expect((await at(restored, ['runs', 'list', '--json'])).stdout).toBe((await at(state, ['runs', 'list', '--json'])).stdout);
    const restoredCache = createKeyvStore({ backend: 'sqlite', ttlDays: 30 }, restored);
    expect(await restoredCache.get('answer')).toBe(42);
    await restoredCache.disconnect();
  }, 120_000);

  it('names the object and the fix when S3 refuses or has nothing, never the secret key', async () => {
    const state = join(dir, 'other.db');
    const missing = await at(state, ['restore', 's3://backups/none.db']);
    expect(missing).toMatchObject({ code: 1, stderr: 'agentic-sdlc: no backup at s3://backups/none.db\n' });
    expect(existsSync(state)).toBe(false);

    const wrongKey = await at(state, ['restore', 's3://backups/agentic-sdlc/nightly.db'], { ...s3Env, AWS_ACCESS_KEY_ID: 'AKIDSOMEONEELSE' });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/^agentic-sdlc: S3 HeadObject s3:\/\/backups\/agentic-sdlc\/nightly.db failed: \w+/);
    expect(wrongKey.stderr).not.toContain(SECRET);
  }, 60_000);
});

const postgresUrl = await requirePostgres();

describe.skipIf(!postgresUrl)('agentic-sdlc backup with DATABASE_URL', () => {
  it('prints the pg_dump and pg_restore commands, the password masked, and exits 2', async () => {
    const env = { ...BASE_ENV, DATABASE_URL: 'postgres://sdlc:hunter2-secret@db.internal:5432/agentic' };
    const backup = await at(join(dir, 'unused.db'), ['backup', 'state.dump'], env);
    expect(backup).toMatchObject({ code: 2, stdout: '' });
    expect(backup.stderr).toContain('DATABASE_URL=postgres://sdlc:***@db.internal:5432/agentic');
    expect(backup.stderr).toContain('pg_dump --format=custom --no-owner --file=state.dump "$DATABASE_URL"');
    expect(backup.stderr).toContain('pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" state.dump');
    const restore = await at(join(dir, 'unused.db'), ['restore', 'state.dump'], env);
    expect(restore).toMatchObject({ code: 2, stdout: '' });
    expect(restore.stderr).toContain('pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" state.dump');
    expect(backup.stderr + restore.stderr).not.toContain('hunter2');
  }, 90_000);

  it('--pg-dump runs pg_dump into a private file holding the runs and tokens tables', async () => {
    // A database of its own: pg_dump takes the whole database, and others' tests change theirs meanwhile.
    const name = `asdlc_backup_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(postgresUrl!);
      url.pathname = `/${name}`;
      // The test server trusts local connections: the password is accepted, and must show nowhere.
      url.password = 'pg-secret-word';
      const env = { ...BASE_ENV, DATABASE_URL: url.toString() };
      for (const args of [['run', 'pr-review', '--input', `diff=@${DIFF}`, '--json'], ['tokens', 'create', '--name', 'ci', '--scope', 'read']]) {
        expect(await at(join(dir, 'unused.db'), args, env)).toMatchObject({ code: 0, stderr: '' });
      }
      const dump = join(dir, 'pg', 'state.dump');
      const result = await at(join(dir, 'unused.db'), ['backup', dump, '--pg-dump'], env);
      expect(result.stderr).toBe('');
      expect(result).toMatchObject({ code: 0, stdout: `dumped the PostgreSQL state (${url.toString().replace('pg-secret-word', '***')}) to ${dump} with pg_dump --format=custom\n` });
      expect(result.stdout).not.toContain('pg-secret-word');
      expect(statSync(dump).mode & 0o777).toBe(0o600);
      const listing = execFileSync('pg_restore', ['--list', dump], { encoding: 'utf8' });
      expect(listing).toMatch(/TABLE public api_tokens/);
      expect(listing).toMatch(/TABLE DATA public runs/);
      expect(await at(join(dir, 'unused.db'), ['backup', dump, '--pg-dump'], env)).toMatchObject({ code: 1, stderr: `agentic-sdlc: ${dump} already exists: choose another file, or pass --force to replace it\n` });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
