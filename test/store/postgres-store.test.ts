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

  it('lets one process at a time execute runs: the second waits until the first releases or dies', async () => {
    const schema = freshSchema();
    const [a, b] = [await connect(schema), await connect(schema)];
    const first = await a.claimWorker();
    expect(first).toBeDefined();
    expect(await b.claimWorker()).toBeUndefined();
    await first!.release();
    const second = await b.claimWorker();
    expect(second).toBeDefined();
    // A process that dies without releasing: its connection ends and PostgreSQL frees the claim.
    const c = await connect(schema);
    expect(await c.claimWorker()).toBeUndefined();
    await second!.release();
    const dying = await connect(schema);
    expect(await dying.claimWorker()).toBeDefined();
    // Its connection is cut, as when the process is killed.
    await admin!.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
      AND objid = (hashtextextended($1, 0) & 4294967295)::oid`, [`agentic-sdlc:${schema}:worker`]);
    // The backend ends, and frees its lock, shortly after pg_terminate_backend returns.
    let taken: Awaited<ReturnType<PostgresRunStore['claimWorker']>>;
    for (let attempt = 0; attempt < 100 && !taken; attempt++) {
      taken = await c.claimWorker();
      if (!taken) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(taken).toBeDefined();
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
      await a.markRunning(`first-${round}`, 1);
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
      await a.markRunning(`active-${round}`, 1);
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
        b.markRunning(`old-${round}`, 1),
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
