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
    old.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '1');
      CREATE TABLE workflow_versions (hash TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE runs (id TEXT PRIMARY KEY, workflow_name TEXT NOT NULL, workflow_hash TEXT NOT NULL, status TEXT NOT NULL,
        idempotency_key TEXT UNIQUE, concurrency_group TEXT, event_json TEXT, inputs_json TEXT NOT NULL, outputs_json TEXT,
        error TEXT, created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER);
      CREATE TABLE steps (run_id TEXT NOT NULL, step_id TEXT NOT NULL, status TEXT NOT NULL, attempt INTEGER NOT NULL,
        input_json TEXT, outputs_json TEXT, error TEXT, started_at INTEGER NOT NULL, finished_at INTEGER, PRIMARY KEY (run_id, step_id));
    `);
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

  it('refuses a state file written by a newer agentic-sdlc', async () => {
    const path = join(dir, 'new.db');
    const newer = new SqliteRunStore(path);
    newer.db.prepare(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`).run();
    await newer.close();
    expect(() => new SqliteRunStore(path)).toThrow("the state database's schema (999) is newer than this agentic-sdlc understands");
  });
});
