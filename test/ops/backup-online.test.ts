import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { cli } from '../helpers/cli.js';

/**
 * A backup taken while another process keeps writing the state file, as `serve` does: the copy must be the
 * database as of one commit (every run with all its steps, SQLite's own check clean), hold at least what was
 * committed before the backup began (commits still in `-wal` included), and the backup must finish although
 * commits never stop.
 */

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');
const STEPS_PER_RUN = 3;

/** Commits one run and its steps per transaction, as fast as it can, printing the count every 25 commits. */
const WRITER = `
const Database = require(${JSON.stringify(BETTER_SQLITE3)});
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
// Every commit stays in -wal (no checkpoint copies it into the file), as while a long read holds checkpoints off:
// a copy of the file's bytes would have none of them.
db.pragma('wal_autocheckpoint = 0');
db.prepare("INSERT OR IGNORE INTO workflow_versions (hash, json) VALUES ('h', '{}')").run();
const run = db.prepare("INSERT INTO runs (id, workflow_name, workflow_hash, status, inputs_json, created_at) VALUES (?, 'w', 'h', 'success', ?, ?)");
const step = db.prepare("INSERT INTO steps (run_id, step_id, status, attempt, outputs_json, started_at) VALUES (?, ?, 'success', 1, ?, ?)");
const payload = JSON.stringify({ text: 'x'.repeat(3000) });
const commit = db.transaction((i) => {
  run.run('run_' + i, payload, Date.now());
  for (let s = 0; s < ${STEPS_PER_RUN}; s++) step.run('run_' + i, 'step_' + s, payload, Date.now());
});
let i = 0;
(function next() {
  commit(i++);
  if (i % 25 === 0) process.stdout.write(i + '\\n');
  setImmediate(next);
})();
`;

let dir: string | undefined;
let writer: ChildProcess | undefined;
afterAll(() => {
  writer?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('agentic-sdlc backup while another process writes', () => {
  it('copies one consistent commit, including what the -wal held, and finishes although writes never stop', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-backup-online-'));
    const state = join(dir, 'state.db');
    new SqliteRunStore(state).db.close();

    let committed = 0;
    const child = spawn(process.execPath, ['-e', WRITER, state], { stdio: ['ignore', 'pipe', 'inherit'] });
    writer = child;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (committed = Number(text.trim().split('\n').at(-1))));
    while (committed < 400) await new Promise((resolve) => setTimeout(resolve, 50));
    const before = committed;

    const backup = join(dir, 'backup.db');
    const result = await cli(['--db', state, 'backup', backup], { cwd: dir, env: { DATABASE_URL: '', REDIS_URL: '', AGENTIC_SDLC_CONFIG: '' } });
    const after = committed;
    child.kill('SIGKILL');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The writer went on committing while the backup ran: it was an online backup.
    expect(after).toBeGreaterThan(before);

    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const runs = copy.prepare('SELECT count(*) FROM runs').pluck().get() as number;
    expect(runs).toBeGreaterThanOrEqual(before);
    expect(copy.prepare('SELECT count(*) FROM steps').pluck().get()).toBe(runs * STEPS_PER_RUN);
    // Commits are numbered in order: one snapshot holds exactly the first `runs` of them.
    expect(copy.prepare(`SELECT count(*) FROM runs WHERE CAST(substr(id, 5) AS INTEGER) >= ?`).pluck().get(runs)).toBe(0);
    copy.close();
  }, 120_000);
});
