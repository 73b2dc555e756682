import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './dockerfile.js';

/**
 * docker-compose.yml as Compose reads it: YAML with merge keys (`<<: *agentic`), and `${VAR}`, `${VAR:-default}`
 * and `${VAR:?message}` filled in from the variables given (Compose takes them from the shell and `.env`).
 */

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: unknown;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  read_only?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(variables: Record<string, string>, path = join(ROOT, 'docker-compose.yml')): ComposeFile {
  const text = readFileSync(path, 'utf8').replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_whole, name: string, kind?: string, rest?: string) => {
    const value = variables[name];
    if (value) return value;
    if (kind === '?') throw new Error(`docker-compose.yml: required variable ${name} is missing a value: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
  return parse(text, { merge: true }) as ComposeFile;
}

/** `30s`, `1m30s`, `500ms` in milliseconds (Compose's duration format). */
export function durationMs(value: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
  let total = 0;
  for (const [, amount = '0', unit = 's'] of value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us)/g)) total += Number(amount) * units[unit]!;
  return total;
}
