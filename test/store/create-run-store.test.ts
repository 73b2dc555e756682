import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunStore } from '../../src/store/create-run-store.js';
import { PostgresRunStore } from '../../src/store/postgres-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { step, workflow } from '../helpers/engine.js';
import { requirePostgres } from '../helpers/services.js';

/** DATABASE_URL chooses PostgreSQL; without it the embedded SQLite file stays the store. */

const url = await requirePostgres();
const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-create-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createRunStore', () => {
  it('uses the SQLite file at db when no DATABASE_URL is set', async () => {
    const store = await createRunStore({ db: join(dir, 'state.db') });
    expect(store).toBeInstanceOf(SqliteRunStore);
    await store.close();
  });

  it.skipIf(!url)('uses PostgreSQL, migrated and ready, when DATABASE_URL is set', async () => {
    // A database of its own: the store takes the default schema, which other suites may be using.
    const database = `agentic_sdlc_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    try {
      const target = new URL(url!);
      target.pathname = `/${database}`;
      const store = await createRunStore({ db: join(dir, 'unused.db'), databaseUrl: target.toString() });
      expect(store).toBeInstanceOf(PostgresRunStore);
      await store.admitRun({ id: 'r1', workflow: workflow('w', [step('a', 'test.echo')]), inputs: {}, createdAt: 1 }, { cancelInProgress: false });
      expect((await store.getRun('r1'))?.status).toBe('queued');
      await store.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    }
  });
});
