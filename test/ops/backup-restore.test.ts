import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyvStore } from '../../src/llm/kv-store.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-migrations.js';
import { cli } from '../helpers/cli.js';

/**
 * `agentic-sdlc backup` and `restore` through the real CLI, on state the real CLI wrote: workflows run, API
 * tokens created; the restored copy must answer `runs list`, `runs show` and `tokens list` exactly as the
 * original does. Then what must be refused (a target with runs, an existing backup, a newer schema, a target
 * another process has open) and the file modes (run state is private: 0600).
 */

const DIFF = join(import.meta.dirname, '../../examples/pr-review/diff.patch');
// No PostgreSQL, Redis, configuration file or LLM provider from the environment: the state is this SQLite file.
const ENV = { DATABASE_URL: '', REDIS_URL: '', AGENTIC_SDLC_CONFIG: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', OLLAMA_BASE_URL: '' };

let dir: string;
let state: string;
/** A backup of `state`, taken once; tests that need one copy it (it is one self-contained file). */
let base: string;
let made: { code: number; stdout: string; stderr: string };
const at = (db: string, ...args: string[]) => cli(['--db', db, ...args], { cwd: dir, env: ENV });
const mode = (file: string) => statSync(file).mode & 0o777;

async function json(db: string, ...args: string[]): Promise<unknown> {
  const result = await at(db, ...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-backup-'));
  state = join(dir, 'live', 'state.db');
  for (const args of [['run', 'pr-review', '--input', `diff=@${DIFF}`], ['run', 'pr-review', '--input', `diff=@${DIFF}`], ['review', '--diff', DIFF]]) {
    expect((await at(state, ...args, '--json')).code).toBe(0);
  }
  expect((await at(state, 'tokens', 'create', '--name', 'deployer', '--scope', 'execute')).code).toBe(0);
  expect((await at(state, 'tokens', 'create', '--name', 'old', '--scope', 'read')).code).toBe(0);
  expect((await at(state, 'tokens', 'revoke', 'old')).code).toBe(0);
  base = join(dir, 'backups', 'state-1.db');
  made = await at(state, 'backup', base);
}, 180_000);

function copyOfBase(name: string): string {
  const file = join(dir, name);
  copyFileSync(base, file);
  return file;
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('agentic-sdlc backup and restore', () => {
  it('restores into an empty state file what runs list, runs show and tokens list showed before', async () => {
    const backup = base;
    expect(made.stderr).toBe('');
    expect(made).toMatchObject({ code: 0 });
    expect(made.stdout).toMatch(new RegExp(`^backed up the state \\S+ \\(3 runs, \\d+ steps, 2 API tokens; schema ${SCHEMA_VERSION}; \\d+ KiB\\) to ${backup}\\n$`));
    expect(mode(backup)).toBe(0o600);
    // One self-contained file that sqlite3 opens: rollback journal, no -wal beside it.
    const opened = new Database(backup, { readonly: true });
    expect(opened.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(opened.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(3);
    opened.close();
    expect(existsSync(`${backup}-wal`)).toBe(false);

    const restored = join(dir, 'restored', 'state.db');
    const done = await at(restored, 'restore', backup);
    expect(done.stderr).toBe('');
    expect(done).toMatchObject({ code: 0, stdout: `restored 3 runs, ${/(\d+) steps/.exec(made.stdout)![1]} steps, 2 API tokens (schema ${SCHEMA_VERSION}) from ${backup} into ${restored}\n` });
    expect(mode(restored)).toBe(0o600);
    expect(mode(join(dir, 'restored'))).toBe(0o700);

    const runs = (await json(state, 'runs', 'list', '--limit', '100')) as { id: string }[];
    expect(runs).toHaveLength(3);
    expect(await json(restored, 'runs', 'list', '--limit', '100')).toEqual(runs);
    expect(await json(restored, 'runs', 'show', runs[1]!.id)).toEqual(await json(state, 'runs', 'show', runs[1]!.id));
    expect(await json(restored, 'tokens', 'list', '--all')).toEqual(await json(state, 'tokens', 'list', '--all'));
    // Opened by the store since (WAL): its -wal and -shm, if still there, are as private as the file.
    for (const file of [`${restored}-wal`, `${restored}-shm`]) if (existsSync(file)) expect(mode(file)).toBe(0o600);
  }, 120_000);

  it('refuses to overwrite a backup without --force, and to restore over a state that has runs', async () => {
    const backup = copyOfBase('state-2.db');
    const again = await at(state, 'backup', backup);
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: `agentic-sdlc: ${backup} already exists: choose another file, or pass --force to replace it\n` });
    expect(await at(state, 'backup', backup, '--force')).toMatchObject({ code: 0 });
    expect(mode(backup)).toBe(0o600);
    // Not even --force replaces the live file with its own copy.
    expect(await at(state, 'backup', state, '--force')).toMatchObject({ code: 1, stderr: `agentic-sdlc: ${state} is the state itself: back it up to another file\n` });

    const refused = await at(state, 'restore', backup);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe(
      `agentic-sdlc: the state file ${state} is not empty (3 runs, 2 API tokens): restore into a missing or empty file (e.g. --db new-state.db), or pass --force to replace it\n`,
    );
    // A state file that a command created but nothing used is empty: restore may write it.
    const fresh = join(dir, 'fresh.db');
    expect((await at(fresh, 'runs', 'list')).stdout).toBe('no runs\n');
    expect(await at(fresh, 'restore', backup)).toMatchObject({ code: 0 });
    expect(((await json(fresh, 'runs', 'list')) as unknown[]).length).toBe(3);
  }, 90_000);

  it('refuses a backup whose schema is newer than this version, writing nothing', async () => {
    const newer = copyOfBase('newer.db');
    const db = new Database(newer);
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'schema_version'`).run(String(SCHEMA_VERSION + 1));
    db.close();
    const target = join(dir, 'never', 'state.db');
    const refused = await at(target, 'restore', newer);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe(
      `agentic-sdlc: ${newer} has state schema ${SCHEMA_VERSION + 1}, newer than this agentic-sdlc understands (${SCHEMA_VERSION}): restore it with the agentic-sdlc version that made it, or a later one\n`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a target another process has open (its -shm is there), then restores once it is closed', async () => {
    const backup = copyOfBase('state-3.db');
    const target = join(dir, 'busy.db');
    const holder = new Database(target);
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE t (x)');
    const refused = await at(target, 'restore', backup);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`looks open in another process (${target}-shm exists): stop serve and workers first`);
    holder.close();
    expect(await at(target, 'restore', backup)).toMatchObject({ code: 0 });
  });

  it('--with-cache copies the LLM cache file beside the backup and restores it beside the new state', async () => {
    const cacheFile = join(dir, 'live', 'llm-cache.sqlite');
    const cache = createKeyvStore({ backend: 'sqlite', ttlDays: 30 }, state);
    await cache.set('answer', { text: 'cached review' });
    await cache.disconnect();
    expect(mode(cacheFile)).toBe(0o600);

    const backup = join(dir, 'with-cache.db');
    const made = await at(state, 'backup', backup, '--with-cache');
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain(`backed up the LLM cache ${cacheFile} (1 entries, `);
    expect(mode(`${backup}.llm-cache`)).toBe(0o600);

    const elsewhere = join(dir, 'elsewhere', 'state.db');
    const withoutCache = copyOfBase('no-cache.db');
    const missing = await at(elsewhere, 'restore', withoutCache, '--with-cache');
    expect(missing.stderr).toBe(`agentic-sdlc: no LLM cache backup at ${withoutCache}.llm-cache: that backup was taken without --with-cache; restore without --with-cache\n`);
    expect(existsSync(elsewhere)).toBe(false);

    const done = await at(elsewhere, 'restore', backup, '--with-cache');
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain(`restored the LLM cache (1 entries) from ${backup}.llm-cache into ${join(dir, 'elsewhere', 'llm-cache.sqlite')}`);
    const restored = createKeyvStore({ backend: 'sqlite', ttlDays: 30 }, elsewhere);
    expect(await restored.get('answer')).toEqual({ text: 'cached review' });
    await restored.disconnect();
    expect(mode(join(dir, 'elsewhere', 'llm-cache.sqlite'))).toBe(0o600);
    // The cache file now has an entry: a second restore into it is refused like a state with runs.
    copyFileSync(join(dir, 'elsewhere', 'llm-cache.sqlite'), join(dir, 'llm-cache.sqlite'));
    const full = await at(join(dir, 'empty.db'), 'restore', backup, '--with-cache');
    expect(full.stderr).toContain(`the LLM cache ${join(dir, 'llm-cache.sqlite')} is not empty (1 cache entry)`);
    expect(existsSync(join(dir, 'empty.db'))).toBe(false);
  }, 60_000);
});
