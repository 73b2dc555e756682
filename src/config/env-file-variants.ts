import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { secretKind } from './credentials.js';

/**
 * `<NAME>_FILE` for every variable that sets a credential (the keys credentials.ts lists): the value is read
 * from that file, as Docker (`/run/secrets/<name>`) and Kubernetes mount secrets, so the secret never sits in
 * the process environment. Trailing newlines are dropped (`echo secret > file` adds one). Problems name the
 * variables and the path, never what the file holds.
 */
export type FileVariant =
  | { name: string; value: string }
  | { name: string; problem: string };

/** `name`'s `_FILE` variant when it is set and `key` is a credential; undefined otherwise (the plain variable applies). */
export function readFileVariant(env: Record<string, string | undefined>, name: string, key: string, cwd: string): FileVariant | undefined {
  const variant = `${name}_FILE`;
  const path = env[variant];
  if (!path || secretKind(key) === undefined) return undefined;
  if (env[name]) {
    return { name: variant, problem: `${name} and ${variant} are both set: keep one (${variant} names a file holding the value, as Docker and Kubernetes mount secrets)` };
  }
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    return { name: variant, problem: `${variant}: cannot read ${path}: ${reason(error)}; mount the secret at that path or correct ${variant}` };
  }
  const value = text.replace(/(\r?\n)+$/, '');
  if (!value) return { name: variant, problem: `${variant}: ${path} is empty; it should hold the value of ${name}` };
  return { name: variant, value };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (the secret must be readable by the user agentic-sdlc runs as)';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return code ?? 'unreadable';
  }
}
