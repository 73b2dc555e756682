import { createHash } from 'node:crypto';
import { admittedRun } from './admitted-run.js';
import pg from 'pg';
import type { RunRecord, RunStatus, StepRecord } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow.js';
import type { AdmitResult, FinishPatch, Lease, LeaseRenewal, NewRun, RunFilter, RunStore } from '../engine/ports/run-store.js';
import * as leases from './postgres-leases.js';
import { migrate, quoteIdentifier, SchemaTooNewError } from './postgres-migrations.js';
import { json, RUN_COLUMNS, text, toRun, toStep, type RunRow, type StepRow } from './postgres-rows.js';
import { runFilterSql } from './postgres-run-filter.js';
import { describeUrl, passwordForms, scrubError } from './postgres-secrets.js';

/**
 * Run state in PostgreSQL, for several `serve` and `worker` processes sharing one database.
 *
 * Correctness under concurrency rests on transaction-scoped advisory locks, taken in one order (key, then
 * group) so they cannot deadlock each other:
 * - an idempotency key: two admissions of one webhook delivery take turns, and the second (READ COMMITTED
 *   gives each statement a fresh snapshot, taken after the lock is granted, hence after the first
 *   committed) finds the run; the partial unique index is the backstop.
 * - a concurrency group: admission, finishing and cancelling all hold it, so "is anyone active? then who is
 *   next?" is answered by one process at a time. Row locks cannot do this alone: an empty group has no row
 *   to lock, so two first admissions would both queue.
 * markRunning takes no group lock: admission locks the group's rows (FOR UPDATE), so it sees each member's
 * current status and a run a worker started meanwhile is cancelled in progress (`toCancel`), never silently
 * overwritten; a worker that comes second finds its run cancelled. Promotion only moves a run still pending.
 * Which worker executes a run is its lease (postgres-leases.ts); finishing under an owner is part of that.
 * A deadlock (possible with the multi-row updates of markInterrupted and releaseExpired) or serialization
 * failure retries the whole transaction. Each test of these races is in test/store/postgres-store.test.ts.
 */

export interface PostgresStoreOptions {
  /** The schema (search_path) holding the tables; created if missing. Default `public`. */
  schema?: string;
  /** Connections in the pool (default 10). */
  max?: number;
  /** A pooled idle connection failed (server restart); the next query reconnects. The error has no password. */
  onIdleError?: (error: Error) => void;
}

type Tx = pg.PoolClient;
const MAX_ATTEMPTS = 5;

export class PostgresRunStore implements RunStore {
  readonly pool: pg.Pool;
  readonly schema: string;
  private readonly secrets: string[];
  private readonly knownWorkflowHashes = new Set<string>();
  private closed = false;

  private constructor(url: string, options: PostgresStoreOptions) {
    this.schema = options.schema ?? 'public';
    this.secrets = passwordForms(url);
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, options: `-c search_path=${quoteIdentifier(this.schema)}` });
    this.pool.on('error', (error) => options.onIdleError?.(scrubError(error, this.secrets)));
  }

  /** Connects and brings the schema up to date; an unreachable server is an error that names DATABASE_URL, never its password. */
  static async connect(url: string, options: PostgresStoreOptions = {}): Promise<PostgresRunStore> {
    const store = new PostgresRunStore(url, options);
    let client: pg.PoolClient | undefined;
    try {
      client = await store.pool.connect();
      await migrate(client, store.schema);
    } catch (error) {
      client?.release();
      client = undefined;
      await store.close();
      if (error instanceof SchemaTooNewError) throw error;
      const reason = scrubError(error, store.secrets) as Error;
      const message = `cannot use PostgreSQL at ${describeUrl(url)} (DATABASE_URL): ${reason.message}; check that the server runs and that DATABASE_URL names the right host, user and database`;
      throw scrubError(new Error(message, { cause: reason }), store.secrets);
    } finally {
      client?.release();
    }
    return store;
  }

  admitRun(run: NewRun, options: { cancelInProgress: boolean }): Promise<AdmitResult> {
    const hash = workflowHash(run.workflow);
    return this.transaction(async (tx) => {
      if (run.idempotencyKey) await this.lock(tx, 'key', run.idempotencyKey);
      if (run.concurrencyGroup) await this.lock(tx, 'group', run.concurrencyGroup);
      if (run.idempotencyKey) {
        const owner = await tx.query<{ id: string }>(
          `SELECT id FROM runs WHERE idempotency_key = $1 AND status NOT IN ('failure', 'cancelled')`,
          [run.idempotencyKey],
        );
        if (owner.rows[0]) return { run: (await this.readRun(tx, owner.rows[0].id))!, created: false, replaced: [], toCancel: [] };
      }
      const replaced: string[] = [];
      const toCancel: string[] = [];
      let status: RunStatus = 'queued';
      if (run.concurrencyGroup) {
        const members = await tx.query<{ id: string; status: RunStatus }>(
          `SELECT id, status FROM runs WHERE concurrency_group = $1 AND status IN ('pending', 'queued', 'running', 'interrupted')
            ORDER BY created_at, seq FOR UPDATE`,
          [run.concurrencyGroup],
        );
        for (const member of members.rows) {
          const replaceable = member.status === 'pending' || (options.cancelInProgress && (member.status === 'queued' || member.status === 'interrupted'));
          if (replaceable) {
            const why = member.status === 'pending' ? 'replaced' : 'cancelled';
            await tx.query(`UPDATE runs SET status = 'cancelled', error = $1, finished_at = $2 WHERE id = $3`, [
              `${why} by newer run ${run.id}`,
              run.createdAt,
              member.id,
            ]);
            replaced.push(member.id);
          } else {
            status = 'pending';
            if (options.cancelInProgress) toCancel.push(member.id);
          }
        }
      }
      if (!this.knownWorkflowHashes.has(hash)) {
        await tx.query('INSERT INTO workflow_versions (hash, json) VALUES ($1, $2::jsonb) ON CONFLICT (hash) DO NOTHING', [hash, json(run.workflow)]);
      }
      await tx.query(
        `INSERT INTO runs (id, workflow_name, workflow_hash, status, idempotency_key, concurrency_group, event, event_repo, event_number,
          inputs, callback_url, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11, $12)`,
        [
          run.id,
          run.workflow.name,
          hash,
          status,
          run.idempotencyKey ?? null,
          run.concurrencyGroup ?? null,
          json(run.event),
          run.event?.repo ?? null,
          run.event?.number ?? null,
          json(run.inputs),
          text(run.callbackUrl),
          run.createdAt,
        ],
      );
      return { run: admittedRun(run, status), created: true, replaced, toCancel };
    }).then((result) => {
      // Only after the commit: a rolled-back admission takes its workflow row with it.
      if (result.created) this.knownWorkflowHashes.add(hash);
      return result;
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.guard(this.readRun(this.pool, id));
  }

  listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const { where, params } = runFilterSql(filter);
    const sql = `SELECT ${RUN_COLUMNS} FROM runs r JOIN workflow_versions w ON w.hash = r.workflow_hash
      ${where} ORDER BY r.created_at DESC, r.seq DESC LIMIT $${params.length + 1}`;
    return this.guard(this.pool.query<RunRow>(sql, [...params, filter.limit ?? 50]).then((result) => result.rows.map(toRun)));
  }

  markRunning(id: string, startedAt: number, lease: Lease): Promise<boolean> {
    return this.guard(leases.markRunning(this.pool, id, startedAt, lease));
  }

  renewLease(id: string, lease: Lease): Promise<LeaseRenewal> {
    return this.guard(leases.renewLease(this.pool, id, lease));
  }

  markInterrupted(ids: string[], owner: string): Promise<string[]> {
    if (!ids.length) return Promise.resolve([]);
    // In a transaction only for the retry: several rows, locked in scan order, can deadlock with an admission.
    return this.transaction((tx) => leases.markInterrupted(tx, ids, owner));
  }

  releaseExpired(now: number, deadOwners: readonly string[]): Promise<string[]> {
    return this.transaction((tx) => leases.releaseExpired(tx, now, deadOwners));
  }

  requestCancel(id: string, reason: string): Promise<boolean> {
    return this.guard(leases.requestCancel(this.pool, id, reason));
  }

  finishRun(id: string, status: RunStatus, patch: FinishPatch): Promise<{ finished: boolean; promoted?: RunRecord }> {
    return this.transaction(async (tx) => {
      const group = await this.lockGroupOf(tx, id);
      // With an owner, only the run it still holds: one whose run was taken over cannot overwrite the new
      // outcome. The lease ends with the run; its owner stays, naming who ran it last.
      const finished = await tx.query(
        `UPDATE runs SET status = $1, outputs = $2::jsonb, error = $3, finished_at = $4, lease_until = NULL
          WHERE id = $5 AND ($6::text IS NULL OR (status = 'running' AND lease_owner = $6))`,
        [status, json(patch.outputs), text(patch.error), patch.finishedAt, id, patch.owner ?? null],
      );
      if (!finished.rowCount) return { finished: false };
      return { finished: true, ...(group ? await this.promoteNext(tx, group) : {}) };
    });
  }

  cancelIfNotStarted(id: string, reason: string, at: number): Promise<{ cancelled: boolean; promoted?: RunRecord }> {
    return this.transaction(async (tx) => {
      const group = await this.lockGroupOf(tx, id);
      const cancelled = await tx.query(
        `UPDATE runs SET status = 'cancelled', error = $1, finished_at = $2 WHERE id = $3 AND status IN ('pending', 'queued', 'interrupted')`,
        [text(reason), at, id],
      );
      if (!cancelled.rowCount) return { cancelled: false };
      return { cancelled: true, ...(group ? await this.promoteNext(tx, group) : {}) };
    });
  }

  saveStep(step: StepRecord): Promise<void> {
    const sql = `INSERT INTO steps (run_id, step_id, status, attempt, input, outputs, error, started_at, finished_at)
      VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9)
      ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, input = excluded.input,
        outputs = excluded.outputs, error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at`;
    const params = [step.runId, step.stepId, step.status, step.attempt, json(step.input), json(step.outputs), text(step.error), step.startedAt, step.finishedAt ?? null];
    return this.guard(this.pool.query(sql, params).then(() => undefined));
  }

  getSteps(runId: string): Promise<StepRecord[]> {
    const sql = 'SELECT * FROM steps WHERE run_id = $1 ORDER BY started_at, seq';
    return this.guard(this.pool.query<StepRow>(sql, [runId]).then((result) => result.rows.map(toStep)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** After a run leaves its group (whose lock the caller holds), the oldest pending one may go if no other is active. */
  private async promoteNext(tx: Tx, group: string): Promise<{ promoted?: RunRecord }> {
    const active = await tx.query(`SELECT 1 FROM runs WHERE concurrency_group = $1 AND status IN ('queued', 'running', 'interrupted') LIMIT 1`, [group]);
    if (active.rowCount) return {};
    const next = await tx.query<{ id: string }>(
      `UPDATE runs SET status = 'queued' WHERE id = (SELECT id FROM runs WHERE concurrency_group = $1 AND status = 'pending'
        ORDER BY created_at, seq LIMIT 1) AND status = 'pending' RETURNING id`,
      [group],
    );
    return next.rows[0] ? { promoted: (await this.readRun(tx, next.rows[0].id))! } : {};
  }

  /** A run's group never changes, so it is read before its lock is taken. */
  private async lockGroupOf(tx: Tx, id: string): Promise<string | undefined> {
    const found = await tx.query<{ concurrency_group: string | null }>('SELECT concurrency_group FROM runs WHERE id = $1', [id]);
    const group = found.rows[0]?.concurrency_group ?? undefined;
    if (group) await this.lock(tx, 'group', group);
    return group;
  }

  /** Held until the transaction ends. Named per schema, so stores in separate schemas never wait on each other. */
  private async lock(tx: Tx, kind: 'key' | 'group', name: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`agentic-sdlc:${this.schema}:${kind}:${name}`]);
  }

  private async readRun(db: pg.Pool | Tx, id: string): Promise<RunRecord | undefined> {
    const found = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs r JOIN workflow_versions w ON w.hash = r.workflow_hash WHERE r.id = $1`, [id]);
    return found.rows[0] ? toRun(found.rows[0]) : undefined;
  }

  /** `work` in one READ COMMITTED transaction, retried whole on a deadlock, serialization failure or lost key race. */
  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const tx = await this.guard(this.pool.connect());
      let broken: Error | undefined;
      try {
        await tx.query('BEGIN');
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped from the pool rather than handed to the next caller.
        await tx.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        if (!retryable(error) || attempt >= MAX_ATTEMPTS) throw scrubError(error, this.secrets);
      } finally {
        tx.release(broken);
      }
    }
  }

  private guard<T>(promise: Promise<T>): Promise<T> {
    return promise.catch((error: unknown) => {
      throw scrubError(error, this.secrets);
    });
  }
}

/** Each workflow version is stored once, under the hash of its JSON; computed once per workflow object. */
const hashByWorkflow = new WeakMap<Workflow, string>();
function workflowHash(workflow: Workflow): string {
  let hash = hashByWorkflow.get(workflow);
  if (!hash) {
    hash = createHash('sha256').update(JSON.stringify(workflow)).digest('hex');
    hashByWorkflow.set(workflow, hash);
  }
  return hash;
}

/** Deadlock, serialization failure, or a twin admission that won the idempotency key's index (the lock makes this rare). */
function retryable(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '40P01' || code === '40001' || (code === '23505' && constraint === 'runs_by_idempotency_key');
}
