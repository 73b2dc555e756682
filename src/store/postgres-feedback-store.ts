import type pg from 'pg';
import {
  checkInstruction,
  MAX_SUPPRESSED,
  repoKey,
  type FeedbackStore,
  type LearnedInstruction,
  type Suppression,
  type SuppressionReason,
} from '../engine/ports/feedback-store.js';
import { scrubError } from './postgres-secrets.js';

/**
 * Review feedback in the run store's PostgreSQL schema, on its pool. Writes of one repository take turns on a
 * transaction-scoped advisory lock, so two processes adding the 50th instruction at once cannot make 51, and
 * "the n-th instruction" is the same row for the reader and the deleter.
 */
export class PostgresFeedbackStore implements FeedbackStore {
  /** `secrets`: the forms of the DATABASE_URL password, taken out of any error (postgres-secrets.ts). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly secrets: string[] = [],
  ) {}

  addInstruction(repo: string, text: string, author: string, at: number): Promise<number> {
    const key = repoKey(repo);
    return this.locked(key, async (tx) => {
      const found = await tx.query<{ n: string }>('SELECT COUNT(*) AS n FROM learned_instructions WHERE repo = $1', [key]);
      const count = Number(found.rows[0]?.n ?? 0);
      await tx.query('INSERT INTO learned_instructions (repo, text, author, created_at) VALUES ($1, $2, $3, $4)', [key, checkInstruction(text, count), author, at]);
      return count + 1;
    });
  }

  async listInstructions(repo: string): Promise<LearnedInstruction[]> {
    const found = await this.query<{ text: string; author: string; created_at: string }>(
      'SELECT text, author, created_at FROM learned_instructions WHERE repo = $1 ORDER BY id',
      [repoKey(repo)],
    );
    return found.rows.map((row, index) => ({ number: index + 1, text: row.text, author: row.author, at: Number(row.created_at) }));
  }

  async removeInstruction(repo: string, number: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(number) || number < 1) return undefined;
    const key = repoKey(repo);
    return this.locked(key, async (tx) => {
      const removed = await tx.query<{ text: string }>(
        'DELETE FROM learned_instructions WHERE id = (SELECT id FROM learned_instructions WHERE repo = $1 ORDER BY id LIMIT 1 OFFSET $2) RETURNING text',
        [key, number - 1],
      );
      return removed.rows[0]?.text;
    });
  }

  addSuppression(repo: string, suppression: Suppression): Promise<boolean> {
    const key = repoKey(repo);
    return this.locked(key, async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO suppressed_findings (repo, fingerprint, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (repo, fingerprint) DO NOTHING`,
        [key, suppression.fingerprint, suppression.reason, suppression.detail, suppression.at],
      );
      if (!inserted.rowCount) return false;
      // The oldest past the limit go, so a busy repository's list stays bounded.
      await tx.query(
        `DELETE FROM suppressed_findings WHERE repo = $1 AND fingerprint IN (
          SELECT fingerprint FROM suppressed_findings WHERE repo = $1 ORDER BY created_at DESC, fingerprint DESC OFFSET $2)`,
        [key, MAX_SUPPRESSED],
      );
      return true;
    });
  }

  async hasSuppression(repo: string, fingerprint: string): Promise<boolean> {
    const found = await this.query('SELECT 1 FROM suppressed_findings WHERE repo = $1 AND fingerprint = $2', [repoKey(repo), fingerprint]);
    return (found.rowCount ?? 0) > 0;
  }

  async listSuppressions(repo: string): Promise<Suppression[]> {
    const found = await this.query<{ fingerprint: string; reason: string; detail: string; created_at: string }>(
      'SELECT fingerprint, reason, detail, created_at FROM suppressed_findings WHERE repo = $1 ORDER BY created_at DESC, fingerprint DESC LIMIT $2',
      [repoKey(repo), MAX_SUPPRESSED],
    );
    return found.rows.map((row) => ({ fingerprint: row.fingerprint, reason: row.reason as SuppressionReason, detail: row.detail, at: Number(row.created_at) }));
  }

  private async query<R extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values);
    } catch (error) {
      throw scrubError(error, this.secrets);
    }
  }

  /** `work` in one transaction holding the repository's feedback lock (named per schema, as the run store's locks). */
  private async locked<T>(key: string, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    let tx: pg.PoolClient;
    try {
      tx = await this.pool.connect();
    } catch (error) {
      throw scrubError(error, this.secrets);
    }
    let broken: Error | undefined;
    try {
      await tx.query('BEGIN');
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`agentic-sdlc:${this.schema}:feedback:${key}`]);
      const result = await work(tx);
      await tx.query('COMMIT');
      return result;
    } catch (error) {
      await tx.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw scrubError(error, this.secrets);
    } finally {
      tx.release(broken);
    }
  }
}
