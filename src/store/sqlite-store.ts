import Database from 'better-sqlite3';
import { admittedRun } from './admitted-run.js';
import { createHash } from 'node:crypto';
import type { RunRecord, RunStatus, StepRecord } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow.js';
import type { AdmitResult, FinishPatch, Lease, LeaseRenewal, NewRun, RunFilter, RunStore } from '../engine/ports/run-store.js';
import { SqliteLeases } from './sqlite-leases.js';
import { migrate } from './sqlite-migrations.js';
import { runFilterSql } from './sqlite-run-filter.js';
import { RUN_COLUMNS, toRun, toStep, type RunRow, type StepRow } from './sqlite-rows.js';
import { preparePrivateFile } from './private-file.js';

interface PendingAdmit {
  run: NewRun;
  cancelInProgress: boolean;
  resolve(result: AdmitResult): void;
  reject(error: unknown): void;
}

export interface SqliteStoreOptions {
  /** `FULL` also survives power loss; the default `NORMAL` survives a killed process, which is what resume needs. */
  synchronous?: 'NORMAL' | 'FULL';
}

/**
 * The default store: one SQLite file in WAL mode. Writes commit before the engine acknowledges a step. Runs
 * execute under leases (sqlite-leases.ts), so a second process opening the file never runs what this one does.
 */
export class SqliteRunStore implements RunStore {
  readonly db: Database.Database;
  /** Workflow versions known to be committed; only these skip the insert. */
  private readonly knownWorkflowHashes = new Set<string>();
  /** Inserted by the admission in progress: known once it commits, forgotten if it rolls back. */
  private tentativeHashes: string[] = [];
  private readonly hashByWorkflow = new WeakMap<Workflow, string>();
  private readonly stmt;
  private readonly leases: SqliteLeases;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    if (path !== ':memory:') preparePrivateFile(path);
    this.db = new Database(path);
    // First, so that even switching to WAL waits for another process's write lock instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    const db = this.db;
    this.leases = new SqliteLeases(db);
    this.stmt = {
      insertWorkflow: db.prepare('INSERT OR IGNORE INTO workflow_versions (hash, json) VALUES (?, ?)'),
      insertRun: db.prepare(`INSERT INTO runs (id, workflow_name, workflow_hash, status, idempotency_key, concurrency_group,
        event_json, event_repo, event_number, inputs_json, callback_url, created_at) VALUES (@id, @workflow_name, @workflow_hash, @status,
        @idempotency_key, @concurrency_group, @event_json, @event_repo, @event_number, @inputs_json, @callback_url, @created_at)`),
      getRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs r JOIN workflow_versions w ON w.hash = r.workflow_hash WHERE r.id = ?`),
      keyOwner: db.prepare('SELECT id, status FROM runs WHERE idempotency_key = ?'),
      groupRuns: db.prepare(
        `SELECT id, status FROM runs WHERE concurrency_group = ? AND status IN ('pending', 'queued', 'running', 'interrupted') ORDER BY created_at, rowid`,
      ),
      releaseKey: db.prepare('UPDATE runs SET idempotency_key = ? WHERE id = ?'),
      setStatus: db.prepare('UPDATE runs SET status = ?, error = COALESCE(?, error), finished_at = ? WHERE id = ?'),
      // With an owner, only the run it still holds: one whose run was taken over cannot overwrite the new outcome.
      // The lease ends with the run; its owner stays, naming who ran it last.
      finish: db.prepare(`UPDATE runs SET status = @status, outputs_json = @outputs_json, error = @error, finished_at = @finished_at,
        lease_until = NULL WHERE id = @id AND (@owner IS NULL OR (status = 'running' AND lease_owner = @owner))`),
      groupOf: db.prepare('SELECT concurrency_group FROM runs WHERE id = ?'),
      oldestPending: db.prepare(
        `SELECT id FROM runs WHERE concurrency_group = ? AND status = 'pending' ORDER BY created_at, rowid LIMIT 1`,
      ),
      activeInGroup: db.prepare(
        `SELECT COUNT(*) AS n FROM runs WHERE concurrency_group = ? AND status IN ('queued', 'running', 'interrupted')`,
      ),
      promote: db.prepare(`UPDATE runs SET status = 'queued' WHERE id = ?`),
      cancelIfNotStarted: db.prepare(
        `UPDATE runs SET status = 'cancelled', error = ?, finished_at = ? WHERE id = ? AND status IN ('pending', 'queued', 'interrupted')`,
      ),
      saveStep: db.prepare(`INSERT INTO steps (run_id, step_id, status, attempt, input_json, outputs_json, error, started_at, finished_at)
        VALUES (@run_id, @step_id, @status, @attempt, @input_json, @outputs_json, @error, @started_at, @finished_at)
        ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
          input_json = excluded.input_json, outputs_json = excluded.outputs_json, error = excluded.error,
          started_at = excluded.started_at, finished_at = excluded.finished_at`),
      getSteps: db.prepare('SELECT * FROM steps WHERE run_id = ? ORDER BY started_at, rowid'),
    };
  }

  /**
   * Admissions that arrive in the same turn of the event loop (a burst of webhooks) share one commit: the
   * commit, not the insert, is what each costs. Each one is still its own savepoint, so one bad run fails
   * alone, and every caller hears back only after the commit that made its run durable.
   */
  admitRun(run: NewRun, options: { cancelInProgress: boolean }): Promise<AdmitResult> {
    return new Promise((resolve, reject) => {
      this.pendingAdmits.push({ run, cancelInProgress: options.cancelInProgress, resolve, reject });
      if (this.pendingAdmits.length === 1) setImmediate(this.flushAdmits);
    });
  }

  private pendingAdmits: PendingAdmit[] = [];

  private readonly flushAdmits = (): void => {
    const batch = this.pendingAdmits;
    this.pendingAdmits = [];
    if (batch.length === 1) {
      const [only] = batch as [PendingAdmit];
      try {
        const result = this.admitTx(only.run, only.cancelInProgress);
        this.commitHashes();
        only.resolve(result);
      } catch (error) {
        this.tentativeHashes = [];
        only.reject(error);
      }
      return;
    }
    const outcomes: ({ ok: true; value: AdmitResult } | { ok: false; error: unknown })[] = [];
    try {
      this.immediateTransaction(() => {
        for (const item of batch) {
          const before = this.tentativeHashes.length;
          try {
            outcomes.push({ ok: true, value: this.admitTx(item.run, item.cancelInProgress) });
          } catch (error) {
            // Its savepoint rolled back the workflow versions it inserted.
            this.tentativeHashes.length = before;
            outcomes.push({ ok: false, error });
          }
        }
      })();
      this.commitHashes();
    } catch (error) {
      this.tentativeHashes = [];
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  };

  private readonly admitTx = (run: NewRun, cancelInProgress: boolean): AdmitResult => {
    return this.immediateTransaction((): AdmitResult => {
      if (run.idempotencyKey) {
        // Index-only probe first: the full row (with its workflow) is read only for an actual duplicate.
        const existing = this.stmt.keyOwner.get(run.idempotencyKey) as { id: string; status: RunStatus } | undefined;
        // A key is only spent by a run that succeeded or is still going: a redelivery after a failure retries.
        if (existing && existing.status !== 'failure' && existing.status !== 'cancelled') {
          return { run: toRun(this.stmt.getRun.get(existing.id) as RunRow), created: false, replaced: [], toCancel: [] };
        }
        if (existing) this.stmt.releaseKey.run(`${run.idempotencyKey}#${existing.id}`, existing.id);
      }
      const replaced: string[] = [];
      const toCancel: string[] = [];
      let status: RunStatus = 'queued';
      if (run.concurrencyGroup) {
        const members = this.stmt.groupRuns.all(run.concurrencyGroup) as { id: string; status: RunStatus }[];
        for (const member of members) {
          if (member.status === 'pending') {
            this.stmt.setStatus.run('cancelled', `replaced by newer run ${run.id}`, run.createdAt, member.id);
            replaced.push(member.id);
          } else if (cancelInProgress && (member.status === 'queued' || member.status === 'interrupted')) {
            this.stmt.setStatus.run('cancelled', `cancelled by newer run ${run.id}`, run.createdAt, member.id);
            replaced.push(member.id);
          } else {
            status = 'pending';
            if (cancelInProgress) toCancel.push(member.id);
          }
        }
      }
      const hash = this.saveWorkflow(run.workflow);
      this.stmt.insertRun.run({
        id: run.id,
        workflow_name: run.workflow.name,
        workflow_hash: hash,
        status,
        idempotency_key: run.idempotencyKey ?? null,
        concurrency_group: run.concurrencyGroup ?? null,
        event_json: run.event ? JSON.stringify(run.event) : null,
        event_repo: run.event?.repo ?? null,
        event_number: run.event?.number ?? null,
        inputs_json: JSON.stringify(run.inputs),
        callback_url: run.callbackUrl ?? null,
        created_at: run.createdAt,
      });
      return { run: admittedRun(run, status), created: true, replaced, toCancel };
    })();
  };

  /**
   * `work` as a transaction that takes the write lock at BEGIN, waiting up to busy_timeout for it (nested:
   * a savepoint). A deferred one would take it at its first write, after reading: when another process
   * (`runs resume`, a backup) writes meanwhile, SQLite fails at once with "database is locked".
   */
  private immediateTransaction<T>(work: () => T): () => T {
    const transaction = this.db.transaction(work);
    return () => transaction.immediate();
  }

  /** Stores each workflow version once; the hash of a workflow object is computed once per object. */
  private saveWorkflow(workflow: Workflow): string {
    let hash = this.hashByWorkflow.get(workflow);
    if (hash && this.knownWorkflowHashes.has(hash)) return hash;
    const json = JSON.stringify(workflow);
    hash = createHash('sha256').update(json).digest('hex');
    this.hashByWorkflow.set(workflow, hash);
    if (!this.knownWorkflowHashes.has(hash)) {
      this.stmt.insertWorkflow.run(hash, json);
      this.tentativeHashes.push(hash);
    }
    return hash;
  }

  private commitHashes(): void {
    for (const hash of this.tentativeHashes) this.knownWorkflowHashes.add(hash);
    this.tentativeHashes = [];
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    const row = this.stmt.getRun.get(id) as RunRow | undefined;
    return Promise.resolve(row ? toRun(row) : undefined);
  }

  listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const { where, params } = runFilterSql(filter);
    const sql = `SELECT ${RUN_COLUMNS} FROM runs r JOIN workflow_versions w ON w.hash = r.workflow_hash
      ${where} ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, filter.limit ?? 50) as RunRow[];
    return Promise.resolve(rows.map(toRun));
  }

  markRunning(id: string, startedAt: number, lease: Lease): Promise<boolean> {
    return Promise.resolve(this.leases.markRunning(id, startedAt, lease));
  }

  renewLease(id: string, lease: Lease): Promise<LeaseRenewal> {
    return Promise.resolve(this.leases.renewLease(id, lease));
  }

  markInterrupted(ids: string[], owner: string): Promise<string[]> {
    return Promise.resolve(this.leases.markInterrupted(ids, owner));
  }

  releaseExpired(now: number, deadOwners: readonly string[]): Promise<string[]> {
    return Promise.resolve(this.leases.releaseExpired(now, deadOwners));
  }

  requestCancel(id: string, reason: string): Promise<boolean> {
    return Promise.resolve(this.leases.requestCancel(id, reason));
  }

  finishRun(id: string, status: RunStatus, patch: FinishPatch): Promise<{ finished: boolean; promoted?: RunRecord }> {
    return Promise.resolve(
      this.immediateTransaction(() => {
        const finished = this.stmt.finish.run({
          id,
          status,
          outputs_json: patch.outputs ? JSON.stringify(patch.outputs) : null,
          error: patch.error ?? null,
          finished_at: patch.finishedAt,
          owner: patch.owner ?? null,
        });
        if (finished.changes === 0) return { finished: false };
        return { finished: true, ...this.promoteNext(id) };
      })(),
    );
  }

  cancelIfNotStarted(id: string, reason: string, at: number): Promise<{ cancelled: boolean; promoted?: RunRecord }> {
    return Promise.resolve(
      this.immediateTransaction(() => {
        if (this.stmt.cancelIfNotStarted.run(reason, at, id).changes === 0) return { cancelled: false };
        return { cancelled: true, ...this.promoteNext(id) };
      })(),
    );
  }

  /** After a run leaves its group, the oldest pending one (there is at most one) may go. */
  private promoteNext(finishedId: string): { promoted?: RunRecord } {
    const group = (this.stmt.groupOf.get(finishedId) as { concurrency_group: string | null } | undefined)?.concurrency_group;
    if (!group) return {};
    if ((this.stmt.activeInGroup.get(group) as { n: number }).n > 0) return {};
    const next = this.stmt.oldestPending.get(group) as { id: string } | undefined;
    if (!next) return {};
    this.stmt.promote.run(next.id);
    const row = this.stmt.getRun.get(next.id) as RunRow;
    return { promoted: toRun(row) };
  }

  saveStep(step: StepRecord): Promise<void> {
    this.stmt.saveStep.run({
      run_id: step.runId,
      step_id: step.stepId,
      status: step.status,
      attempt: step.attempt,
      input_json: step.input === undefined ? null : JSON.stringify(step.input),
      outputs_json: step.outputs === undefined ? null : JSON.stringify(step.outputs),
      error: step.error ?? null,
      started_at: step.startedAt,
      finished_at: step.finishedAt ?? null,
    });
    return Promise.resolve();
  }

  getSteps(runId: string): Promise<StepRecord[]> {
    const rows = this.stmt.getSteps.all(runId) as StepRow[];
    return Promise.resolve(rows.map(toStep));
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
