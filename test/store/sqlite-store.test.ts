import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../../src/engine/trigger-event.js';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../../src/store/sqlite-migrations.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import type { NewRun } from '../../src/engine/ports/run-store.js';
import { step, workflow } from '../helpers/engine.js';
import { runStoreContract } from './run-store-contract.js';

let dir: string;
let store: SqliteRunStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-store-'));
  store = new SqliteRunStore(join(dir, 'state.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const wf = workflow('review', [step('a', 'test.echo')]);
let clock = 1_700_000_000_000;
function newRun(id: string, extra: Partial<NewRun> = {}): NewRun {
  return { id, workflow: wf, inputs: {}, createdAt: clock++, ...extra };
}
const about = (repo: string, number: number): TriggerEvent => ({ source: 'github', event: 'pull_request', repo, number });

/** A state file as the first released agentic-sdlc wrote it. */
const SCHEMA_1 = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO meta VALUES ('schema_version', '1');
  CREATE TABLE workflow_versions (hash TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE runs (id TEXT PRIMARY KEY, workflow_name TEXT NOT NULL, workflow_hash TEXT NOT NULL, status TEXT NOT NULL,
    idempotency_key TEXT UNIQUE, concurrency_group TEXT, event_json TEXT, inputs_json TEXT NOT NULL, outputs_json TEXT,
    error TEXT, created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER);
  CREATE TABLE steps (run_id TEXT NOT NULL, step_id TEXT NOT NULL, status TEXT NOT NULL, attempt INTEGER NOT NULL,
    input_json TEXT, outputs_json TEXT, error TEXT, started_at INTEGER NOT NULL, finished_at INTEGER, PRIMARY KEY (run_id, step_id));
`;

runStoreContract('SqliteRunStore', () => {
  const home = mkdtempSync(join(tmpdir(), 'agentic-sdlc-store-'));
  const store = new SqliteRunStore(join(home, 'state.db'));
  return Promise.resolve({
    store,
    async cleanup() {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  });
});

describe('SqliteRunStore', () => {
  it('stores each workflow version once, however many runs use it', async () => {
    for (let i = 0; i < 5; i++) await store.admitRun(newRun(`v${i}`), { cancelInProgress: false });
    await store.admitRun(newRun('changed', { workflow: { ...wf, description: 'edited' } }), { cancelInProgress: false });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM workflow_versions').get()).toEqual({ n: 2 });
    expect((await store.getRun('v0'))?.workflow).toEqual(wf);
    expect((await store.getRun('changed'))?.workflow.description).toBe('edited');
  });

  it('admissions in the same tick share a commit, yet a bad one fails alone and keys still dedupe', async () => {
    const results = await Promise.allSettled([
      store.admitRun(newRun('b1', { idempotencyKey: 'k1' }), { cancelInProgress: false }),
      store.admitRun(newRun('b1'), { cancelInProgress: false }),
      store.admitRun(newRun('b2', { idempotencyKey: 'k1' }), { cancelInProgress: false }),
      store.admitRun(newRun('b3'), { cancelInProgress: false }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(results[2]).toMatchObject({ value: { created: false, run: { id: 'b1' } } });
    expect((await store.listRuns()).map((r) => r.id).sort()).toEqual(['b1', 'b3']);
  });

  it('brings a state file from schema 1 up to date, backfilling what runs are about', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(SCHEMA_1);
    old.prepare('INSERT INTO workflow_versions VALUES (?, ?)').run('h', JSON.stringify(wf));
    old.prepare(`INSERT INTO runs (id, workflow_name, workflow_hash, status, event_json, inputs_json, created_at) VALUES ('old', 'review', 'h', 'success', ?, '{}', 1)`).run(
      JSON.stringify(about('o/a', 7)),
    );
    old.close();
    const upgraded = new SqliteRunStore(path);
    expect((await upgraded.listRuns({ repo: 'o/a', number: 7 })).map((r) => r.id)).toEqual(['old']);
    expect(upgraded.db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()).toEqual({ value: String(SCHEMA_VERSION) });
    await upgraded.close();
  });

  it('brings a state file from schema 2 up to date with leases: a run it left running is free to take over', async () => {
    const path = join(dir, 'schema-2.db');
    const old = new Database(path);
    old.exec(`${SCHEMA_1}
      ALTER TABLE runs ADD COLUMN event_repo TEXT;
      ALTER TABLE runs ADD COLUMN event_number INTEGER;
      CREATE INDEX runs_by_item ON runs(event_repo, event_number) WHERE event_repo IS NOT NULL;
      UPDATE meta SET value = '2' WHERE key = 'schema_version';
    `);
    old.prepare('INSERT INTO workflow_versions VALUES (?, ?)').run('h', JSON.stringify(wf));
    const insert = old.prepare(`INSERT INTO runs (id, workflow_name, workflow_hash, status, inputs_json, created_at, started_at) VALUES (?, 'review', 'h', ?, '{}', ?, ?)`);
    insert.run('was-running', 'running', 1, 10);
    insert.run('was-queued', 'queued', 2, null);
    old.close();

    const upgraded = new SqliteRunStore(path);
    const columns = (upgraded.db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).toEqual(expect.arrayContaining(['lease_owner', 'lease_until', 'cancel_requested', 'callback_url']));
    expect(upgraded.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'runs_by_lease'`).get()).toEqual({ name: 'runs_by_lease' });
    expect(upgraded.db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()).toEqual({ value: String(SCHEMA_VERSION) });
    // Nobody holds a run an earlier version left running: it has no lease, so it counts as expired.
    expect((await upgraded.listRuns({ leaseExpiredBefore: 0 })).map((r) => r.id)).toEqual(['was-running']);
    expect(await upgraded.releaseExpired(0, [])).toEqual(['was-running']);
    expect(await upgraded.markRunning('was-running', 20, { owner: 'w', until: 100 })).toBe(true);
    expect(await upgraded.getRun('was-running')).toMatchObject({ status: 'running', startedAt: 10, leaseOwner: 'w', leaseUntil: 100 });
    expect(await upgraded.markRunning('was-queued', 20, { owner: 'w', until: 100 })).toBe(true);
    await upgraded.close();
  });

  it('refuses a state file written by a newer agentic-sdlc', async () => {
    const path = join(dir, 'new.db');
    const newer = new SqliteRunStore(path);
    newer.db.prepare(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`).run();
    await newer.close();
    expect(() => new SqliteRunStore(path)).toThrow("the state database's schema (999) is newer than this agentic-sdlc understands");
  });
});
