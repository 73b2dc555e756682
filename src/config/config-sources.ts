import { secretKind, SECRET_SETTINGS } from './credentials.js';
import { ENV_KEYS, type LoadedConfig } from './load-config.js';

/**
 * The effective configuration as a list of keys, each with where its value came from and credentials masked
 * (`agentic-sdlc config show`). A secret's value is never in an entry: `***` when set, or for a connection
 * URL the URL with `***` as its password. Keys a variable could set but nothing did are listed as unset, so
 * every credential shows whether it is set.
 */
export interface ConfigEntry {
  key: string;
  /** The value, masked when `secret`; absent when unset. */
  value?: unknown;
  set: boolean;
  secret: boolean;
  source: ConfigSource;
  /** The variables that set this key (`<NAME>_FILE` included for credentials). */
  variables: string[];
}

export type ConfigSource =
  | { kind: 'default' | 'unset' }
  | { kind: 'file'; file: string; line: number; col: number }
  | { kind: 'env'; variable: string; dotEnv: boolean }
  | { kind: 'flag'; flag: string };

export function configEntries(loaded: LoadedConfig): ConfigEntry[] {
  const entries = new Map<string, ConfigEntry>();
  for (const [path, value] of leaves(loaded.config, [])) {
    const key = path.join('.');
    entries.set(key, { key, value: masked(key, value), set: true, secret: secretKind(key) !== undefined, source: sourceOf(loaded, path), variables: variablesFor(key) });
  }
  const settable = [...ENV_KEYS.map((entry) => entry.path.join('.')), ...SECRET_SETTINGS.map((setting) => setting.key)];
  for (const key of settable) {
    if (entries.has(key)) continue;
    entries.set(key, { key, set: false, secret: secretKind(key) !== undefined, source: { kind: 'unset' }, variables: variablesFor(key) });
  }
  // An empty map (`llm.providers: {}`) says nothing its unset keys listed beneath it do not.
  const keys = [...entries.keys()];
  return [...entries.values()]
    .filter((entry) => !keys.some((key) => key.startsWith(`${entry.key}.`)))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** `postgres://user:***@host/db`: the host is worth seeing, the password is not (nor a query parameter that may hold one). */
export function maskUrl(url: string): string {
  // A file path (the SQLite LLM cache's `llm.cache.url`) holds no password.
  if (!url.includes('://')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const name of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(name)) parsed.searchParams.set(name, '***');
    }
    return parsed.toString().replace(/%2A%2A%2A/g, '***');
  } catch {
    return '***';
  }
}

function masked(key: string, value: unknown): unknown {
  const kind = secretKind(key);
  if (kind === 'url' && typeof value === 'string') return maskUrl(value);
  return kind ? '***' : value;
}

function sourceOf(loaded: LoadedConfig, path: string[]): ConfigSource {
  for (let i = path.length; i > 0; i--) {
    const origin = loaded.origins.get(path.slice(0, i).join('.'));
    if (!origin) continue;
    if (origin.startsWith('--')) return { kind: 'flag', flag: origin };
    return { kind: 'env', variable: origin, dotEnv: loaded.fromDotEnv.has(origin) };
  }
  const { file } = loaded;
  if (file && has(file.content, path)) return { kind: 'file', file: file.name, ...file.positions.locate(path, 'value') };
  return { kind: 'default' };
}

function variablesFor(key: string): string[] {
  const names = ENV_KEYS.filter((entry) => entry.path.join('.') === key).map((entry) => entry.env);
  if (key.startsWith('secrets.')) names.push(`AGENTIC_SDLC_SECRET_${key.slice('secrets.'.length)}`);
  return secretKind(key) && !key.startsWith('secrets.') ? names.flatMap((name) => [name, `${name}_FILE`]) : names;
}

/** Every leaf of the configuration with its path; lists and empty maps are leaves. */
function* leaves(node: unknown, path: string[]): Generator<[string[], unknown]> {
  if (isMap(node) && Object.keys(node).length > 0) {
    for (const [key, value] of Object.entries(node)) if (value !== undefined) yield* leaves(value, [...path, key]);
  } else {
    yield [path, node];
  }
}

function has(content: Record<string, unknown>, path: string[]): boolean {
  let node: unknown = content;
  for (const part of path) {
    if (!isMap(node) || !Object.hasOwn(node, part)) return false;
    node = node[part];
  }
  return true;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
