import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { NewRun } from '../../src/engine/ports/run-store.js';
import { POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres-migrations.js';
import { PostgresRunStore } from '../../src/store/postgres-store.js';
import { step, workflow } from '../helpers/engine.js';
import { requirePostgres } from '../helpers/services.js';
import { runStoreContract } from './run-store-contract.js';

/**
 * The PostgreSQL store against a real server: the shared contract, then what only several processes
 * sharing one database can get wrong (two pools stand in for two processes). Each test gets its own
 * schema, dropped afterwards.
 */

const url = await requirePostgres();
const admin = url ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
const schemas: string[] = [];
const freshSchema = () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
};
const dropSchemas = async () => {
  for (const schema of schemas.splice(0)) await admin!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};
afterAll(async () => {
  await admin?.end();
});

if (url) {
  runStoreContract('PostgresRunStore', async () => {
    const store = await PostgresRunStore.connect(url, { schema: freshSchema() });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropSchemas();
      },
    };
  });
}

const wf = workflow('review', [step('a', 'test.echo')]);
const newRun = (id: string, extra: Partial<NewRun> = {}): NewRun => ({ id, workflow: wf, inputs: {}, createdAt: 1_700_000_000_000, ...extra });
const solo = { cancelInProgress: false };
/** A lease end no test reaches. */
const FAR = 9_000_000_000_000;

/** The tables as schema version 1 (the first release) created them, recorded as applied. */
const SCHEMA_1 = `
  CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);
  INSERT INTO schema_migrations VALUES (1, 0);
  CREATE TABLE workflow_versions (hash TEXT PRIMARY KEY, json JSONB NOT NULL);
  CREATE TABLE runs (id TEXT PRIMARY KEY, seq BIGINT GENERATED ALWAYS AS IDENTITY, workflow_name TEXT NOT NULL,
    workflow_hash TEXT NOT NULL REFERENCES workflow_versions(hash), status TEXT NOT NULL, idempotency_key TEXT, concurrency_group TEXT,
    event JSONB, event_repo TEXT, event_number BIGINT, inputs JSONB NOT NULL, outputs JSONB, error TEXT, created_at BIGINT NOT NULL,
    started_at BIGINT, finished_at BIGINT);
  CREATE UNIQUE INDEX runs_by_idempotency_key ON runs(idempotency_key) WHERE idempotency_key IS NOT NULL AND status NOT IN ('failure', 'cancelled');
  CREATE INDEX runs_by_group ON runs(concurrency_group, status) WHERE concurrency_group IS NOT NULL;
  CREATE INDEX runs_by_status ON runs(status);
  CREATE INDEX runs_by_item ON runs(event_repo, event_number) WHERE event_repo IS NOT NULL;
  CREATE INDEX runs_by_age ON runs(created_at DESC, seq DESC);
  CREATE TABLE steps (run_id TEXT NOT NULL REFERENCES runs(id), step_id TEXT NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY,
    status TEXT NOT NULL, attempt INTEGER NOT NULL, input JSONB, outputs JSONB, error TEXT, started_at BIGINT NOT NULL,
    finished_at BIGINT, PRIMARY KEY (run_id, step_id));
`;

describe.skipIf(!url)('PostgresRunStore shared by several processes', () => {
  const open: PostgresRunStore[] = [];
  const connect = async (schema: string) => {
    const store = await PostgresRunStore.connect(url!, { schema, max: 4 });
    open.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await dropSchemas();
  });

  it('two processes starting one queued run at once: exactly one gets it, under its own lease', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    for (let round = 0; round < 20; round++) {
      const id = `r-${round}`;
      await a.admitRun(newRun(id), solo);
      const [byA, byB] = await Promise.all([a.markRunning(id, 1, { owner: 'a', until: FAR }), b.markRunning(id, 1, { owner: 'b', until: FAR })]);
      expect([byA, byB].filter(Boolean)).toHaveLength(1);
      expect((await a.getRun(id))?.leaseOwner).toBe(byA ? 'a' : 'b');
    }
  });

  it('a sweep racing the renewal of a lease that just ended either releases the run or leaves it renewed, never both', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    for (let round = 0; round < 10; round++) {
      const ids = Array.from({ length: 8 }, (_, i) => `r-${round}-${i}`);
      for (const id of ids) {
        await a.admitRun(newRun(id), solo);
        await a.markRunning(id, 1, { owner: 'a', until: 1_000 });
      }
      const [released, renewals] = await Promise.all([
        b.releaseExpired(2_000, []),
        Promise.all(ids.map((id) => a.renewLease(id, { owner: 'a', until: 5_000 }))),
      ]);
      // Both outcomes happen (about one run in four is released first here); each must be whole.
      for (const [i, id] of ids.entries()) {
        const run = await a.getRun(id);
        if (renewals[i]!.held) {
          expect([released.includes(id), run?.status, run?.leaseUntil]).toEqual([false, 'running', 5_000]);
        } else {
          expect([released.includes(id), run?.status, run?.leaseUntil]).toEqual([true, 'interrupted', undefined]);
        }
      }
    }
  });

  it('brings a schema from version 1 up to date with leases: a run it left running is free to take over', async () => {
    const schema = freshSchema();
    await admin!.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"; ${SCHEMA_1}; RESET search_path`);
    await admin!.query(`INSERT INTO "${schema}".workflow_versions (hash, json) VALUES ('h', $1::jsonb)`, [JSON.stringify(wf)]);
    await admin!.query(`INSERT INTO "${schema}".runs (id, workflow_name, workflow_hash, status, inputs, created_at, started_at)
      VALUES ('was-running', 'review', 'h', 'running', '{}', 1, 10)`);
    const store = await connect(schema);
    const indexes = await admin!.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'runs_by_lease'`, [schema]);
    expect(indexes.rows[0]?.indexdef).toContain(`WHERE (status = 'running'::text)`);
    // Nobody holds a run an earlier version left running: it has no lease, so it counts as expired.
    expect((await store.listRuns({ leaseExpiredBefore: 0 })).map((run) => run.id)).toEqual(['was-running']);
    expect(await store.releaseExpired(0, [])).toEqual(['was-running']);
    expect(await store.markRunning('was-running', 20, { owner: 'w', until: 100 })).toBe(true);
    expect(await store.getRun('was-running')).toMatchObject({ status: 'running', startedAt: 10, leaseOwner: 'w', leaseUntil: 100 });
    const applied = await admin!.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(applied.rows.map((row) => row.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('two processes admitting one delivery at the same moment create one run', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    const attempts = Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).admitRun(newRun(`r${i}`, { idempotencyKey: 'delivery-7' }), solo));
    const results = await Promise.all(attempts);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.run.id)).size).toBe(1);
    expect(await a.listRuns()).toHaveLength(1);
  });

  it('a concurrency group admitted from two processes at once runs one and keeps one pending', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    const attempts = Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).admitRun(newRun(`g${i}`, { concurrencyGroup: 'pr-1', createdAt: 1_700_000_000_000 + i }), solo));
    await Promise.all(attempts);
    const byStatus = (await a.listRuns()).map((run) => run.status).sort();
    expect(byStatus.filter((status) => status === 'queued')).toHaveLength(1);
    expect(byStatus.filter((status) => status === 'pending')).toHaveLength(1);
    expect(byStatus.filter((status) => status === 'cancelled')).toHaveLength(6);
  });

  it('a run finishing in one process while another admits into its group never strands the newcomer', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    for (let round = 0; round < 10; round++) {
      const group = { concurrencyGroup: `pr-${round}` };
      await a.admitRun(newRun(`first-${round}`, group), solo);
      await a.markRunning(`first-${round}`, 1, { owner: 'a', until: FAR });
      await Promise.all([a.finishRun(`first-${round}`, 'success', { finishedAt: 2 }), b.admitRun(newRun(`next-${round}`, group), solo)]);
      // Either the newcomer saw the group free (queued), or the finish saw it pending and promoted it.
      expect((await a.getRun(`next-${round}`))?.status).toBe('queued');
    }
  });

  it('cancelling the pending run while another process finishes the active one never leaves it queued', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    for (let round = 0; round < 20; round++) {
      const group = { concurrencyGroup: `pr-${round}` };
      await a.admitRun(newRun(`active-${round}`, group), solo);
      await a.markRunning(`active-${round}`, 1, { owner: 'a', until: FAR });
      await a.admitRun(newRun(`pending-${round}`, group), solo);
      const [, cancel] = await Promise.all([
        a.finishRun(`active-${round}`, 'success', { finishedAt: 2 }),
        b.cancelIfNotStarted(`pending-${round}`, 'cancelled by a user', 2),
      ]);
      // In either order the user's cancel wins: promoted then cancelled, or cancelled and never promoted.
      expect(cancel.cancelled).toBe(true);
      expect((await a.getRun(`pending-${round}`))?.status).toBe('cancelled');
    }
  });

  it('a worker starting a run while another process cancels it in progress is either refused or told to stop', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    for (let round = 0; round < 20; round++) {
      const group = { concurrencyGroup: `pr-${round}` };
      await a.admitRun(newRun(`old-${round}`, group), solo);
      const [started, admitted] = await Promise.all([
        b.markRunning(`old-${round}`, 1, { owner: 'b', until: FAR }),
        a.admitRun(newRun(`new-${round}`, group), { cancelInProgress: true }),
      ]);
      const old = await a.getRun(`old-${round}`);
      if (started) {
        // The worker won: the run is running, and the newcomer waits for it to be stopped.
        expect([old?.status, admitted.toCancel, admitted.run.status]).toEqual(['running', [`old-${round}`], 'pending']);
      } else {
        expect([old?.status, admitted.replaced, admitted.run.status]).toEqual(['cancelled', [`old-${round}`], 'queued']);
      }
    }
  });

  it('two processes migrating a fresh database at once both start, and each step is applied once', async () => {
    const schema = freshSchema();
    await Promise.all([connect(schema), connect(schema), connect(schema)]);
    const applied = await admin!.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(applied.rows.map((row) => row.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('refuses a database migrated by a newer agentic-sdlc', async () => {
    const schema = freshSchema();
    await (await connect(schema)).close();
    await admin!.query(`INSERT INTO "${schema}".schema_migrations (version, applied_at) VALUES (999, 0)`);
    await expect(connect(schema)).rejects.toThrow(`is at version 999, newer than this agentic-sdlc understands (${POSTGRES_SCHEMA_VERSION}): upgrade agentic-sdlc`);
  });

  it('stores each workflow version once, however many runs and processes use it', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).admitRun(newRun(`v${i}`), solo)));
    await a.admitRun(newRun('changed', { workflow: { ...wf, description: 'edited' } }), solo);
    expect((await admin!.query(`SELECT count(*)::int AS n FROM "${schema}".workflow_versions`)).rows).toEqual([{ n: 2 }]);
  });

  it('records text with a NUL character, which PostgreSQL cannot hold, as U+FFFD instead of failing the step', async () => {
    const store = await connect(freshSchema());
    await store.admitRun(newRun('r1', { inputs: { literal: 'a\\u0000b' } }), solo);
    await store.saveStep({ runId: 'r1', stepId: 'a', status: 'failure', attempt: 1, outputs: { 'k\0': ['x\0y'] }, error: 'bad\0byte', startedAt: 1 });
    await store.finishRun('r1', 'failure', { outputs: { t: '\0' }, error: 'step a\0', finishedAt: 2 });
    expect(await store.getSteps('r1')).toMatchObject([{ outputs: { 'k\uFFFD': ['x\uFFFDy'] }, error: 'bad\uFFFDbyte' }]);
    // A backslash followed by u0000 is text, not a NUL, and is kept as written.
    expect(await store.getRun('r1')).toMatchObject({ inputs: { literal: 'a\\u0000b' }, outputs: { t: '\uFFFD' }, error: 'step a\uFFFD' });
  });

  it('refuses a schema name that is not a plain identifier, saying what is allowed', async () => {
    await expect(PostgresRunStore.connect(url!, { schema: 'x"; DROP TABLE runs; --' })).rejects.toThrow('use letters, digits and _');
  });
});

describe.skipIf(!url)('a DATABASE_URL with a password', () => {
  const password = 'pw-s3cret-Zq9';
  const failure = async (connecting: Promise<PostgresRunStore>): Promise<Error> => {
    const outcome = await connecting.then(
      async (store) => {
        await store.close();
        return new Error('connected, but the test expected a failure');
      },
      (error: unknown) => error as Error,
    );
    expect(outcome.message).not.toBe('connected, but the test expected a failure');
    return outcome;
  };

  it('an unreachable server is an error naming DATABASE_URL and the host, never the password', async () => {
    const error = await failure(PostgresRunStore.connect(`postgres://agent:${password}@127.0.0.1:1/test`));
    expect(error.message).toContain('cannot use PostgreSQL at postgres://agent@127.0.0.1:1/test (DATABASE_URL)');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: String(error.cause) })).not.toContain(password);
  });

  it('a driver error quoting the password has it masked before anyone sees it', async () => {
    // The database name is the one place the server itself echoes back: it makes the error quote the password.
    const error = await failure(PostgresRunStore.connect(`postgres://postgres:${password}@${new URL(url!).host}/${password}`));
    expect(error.message).toContain('does not exist');
    const cause = error.cause as Error;
    expect(`${error.message} ${error.stack} ${cause.message} ${cause.stack}`).not.toContain(password);
  });
});

describe.skipIf(!url)('PostgresRunStore for a user that does not own the database', () => {
  it('starts in a schema it owns without the right to create schemas (a managed database), with its API token table', async () => {
    const role = `r_${randomBytes(6).toString('hex')}`;
    const schema = freshSchema();
    await admin!.query(`CREATE ROLE ${role} LOGIN`);
    await admin!.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${role}`);
    const asRole = new URL(url!);
    asRole.username = role;
    try {
      const store = await PostgresRunStore.connect(asRole.toString(), { schema });
      await store.close();
      const { PostgresTokenStore } = await import('../../src/api/auth/postgres-token-store.js');
      const tokens = await PostgresTokenStore.connect(asRole.toString(), { schema });
      await tokens.close();
    } finally {
      await dropSchemas();
      await admin!.query(`DROP ROLE IF EXISTS ${role}`);
    }
  });
});
