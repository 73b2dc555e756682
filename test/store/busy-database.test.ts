import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/sqlite-migrations.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import type { NewRun } from '../../src/engine/ports/run-store.js';
import { step, workflow } from '../helpers/engine.js';

/**
 * Another writer (the CLI's `runs resume`, a backup) holds the write lock while the store records a run:
 * the store waits for it (busy_timeout) instead of failing with "database is locked". The holder runs on
 * a worker thread with its own connection, because the store's wait blocks this thread.
 */

const HOLD_MS = 2_000;
const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

// Takes the write lock, commits a change (so the store's read snapshot goes stale while it waits), then
// holds a second write transaction for HOLD_MS before committing.
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO meta (key, value) VALUES ('held-by', 'worker')").run();
parentPort.postMessage('locked');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
db.exec('COMMIT');
db.close();
parentPort.postMessage('released');
`;

function holdWriteLock(path: string): { locked: Promise<void>; released: Promise<void> } {
  const worker = new Worker(HOLDER, { eval: true, workerData: { path, module: BETTER_SQLITE3, holdMs: HOLD_MS } });
  const locked = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message) => message === 'locked' && resolve());
  });
  const released = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message) => message === 'released' && resolve());
  });
  return { locked, released };
}

let dir: string;
let path: string;
let store: SqliteRunStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-busy-'));
  path = join(dir, 'state.db');
  store = new SqliteRunStore(path);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const wf = workflow('review', [step('a', 'test.echo')]);
const newRun = (id: string, extra: Partial<NewRun> = {}): NewRun => ({ id, workflow: wf, inputs: {}, createdAt: 1_700_000_000_000, ...extra });

describe('a second writer holding the database', () => {
  it('makes recording a delivery wait, not fail with "database is locked"', async () => {
    const holder = holdWriteLock(path);
    await holder.locked;
    const result = await store.admitRun(newRun('r1', { idempotencyKey: 'delivery-1', concurrencyGroup: 'pr-1' }), { cancelInProgress: true });
    await holder.released;
    expect(result.created).toBe(true);
    expect((await store.getRun('r1'))?.status).toBe('queued');
    expect(store.db.prepare("SELECT value FROM meta WHERE key = 'held-by'").get()).toEqual({ value: 'worker' });
  });

  it('makes a burst of deliveries sharing one commit wait, not fail', async () => {
    const holder = holdWriteLock(path);
    await holder.locked;
    const results = await Promise.all([
      store.admitRun(newRun('b1', { idempotencyKey: 'd1' }), { cancelInProgress: false }),
      store.admitRun(newRun('b2', { idempotencyKey: 'd2' }), { cancelInProgress: false }),
    ]);
    await holder.released;
    expect(results.map((r) => r.created)).toEqual([true, true]);
  });

  it('makes a second process upgrading the database schema wait, not fail', async () => {
    // Step 2 of the migrations reads before it writes, and re-running it is harmless.
    store.db.prepare(`UPDATE meta SET value = '1' WHERE key = 'schema_version'`).run();
    const holder = holdWriteLock(path);
    await holder.locked;
    const second = new SqliteRunStore(path);
    await holder.released;
    expect(second.db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()).toEqual({ value: String(SCHEMA_VERSION) });
    await second.close();
  });
});
