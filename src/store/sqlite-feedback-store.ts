import type Database from 'better-sqlite3';
import {
  checkInstruction,
  MAX_SUPPRESSED,
  repoKey,
  type FeedbackStore,
  type LearnedInstruction,
  type Suppression,
  type SuppressionReason,
} from '../engine/ports/feedback-store.js';

interface InstructionRow {
  id: number;
  text: string;
  author: string;
  created_at: number;
}

interface SuppressionRow {
  fingerprint: string;
  reason: string;
  detail: string;
  created_at: number;
}

/**
 * Review feedback in the run store's SQLite file (its connection, its migrations). Each write is one immediate
 * transaction, so the count checked against the limit is the count the insert sees, even with a second process
 * on the same file.
 */
export class SqliteFeedbackStore implements FeedbackStore {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      instructions: db.prepare('SELECT id, text, author, created_at FROM learned_instructions WHERE repo = ? ORDER BY id'),
      countInstructions: db.prepare('SELECT COUNT(*) AS n FROM learned_instructions WHERE repo = ?'),
      insertInstruction: db.prepare('INSERT INTO learned_instructions (repo, text, author, created_at) VALUES (?, ?, ?, ?)'),
      nthInstruction: db.prepare('SELECT id, text FROM learned_instructions WHERE repo = ? ORDER BY id LIMIT 1 OFFSET ?'),
      deleteInstruction: db.prepare('DELETE FROM learned_instructions WHERE id = ?'),
      insertSuppression: db.prepare(
        'INSERT INTO suppressed_findings (repo, fingerprint, reason, detail, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (repo, fingerprint) DO NOTHING',
      ),
      // The oldest past the limit go, so a busy repository's list stays bounded.
      pruneSuppressions: db.prepare(`DELETE FROM suppressed_findings WHERE repo = ? AND fingerprint IN (
        SELECT fingerprint FROM suppressed_findings WHERE repo = ? ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?)`),
      hasSuppression: db.prepare('SELECT 1 FROM suppressed_findings WHERE repo = ? AND fingerprint = ?'),
      suppressions: db.prepare(
        'SELECT fingerprint, reason, detail, created_at FROM suppressed_findings WHERE repo = ? ORDER BY created_at DESC, rowid DESC LIMIT ?',
      ),
    };
  }

  addInstruction(repo: string, text: string, author: string, at: number): Promise<number> {
    const key = repoKey(repo);
    return settle(() =>
      this.db
        .transaction(() => {
          const count = (this.stmt.countInstructions.get(key) as { n: number }).n;
          this.stmt.insertInstruction.run(key, checkInstruction(text, count), author, at);
          return count + 1;
        })
        .immediate(),
    );
  }

  listInstructions(repo: string): Promise<LearnedInstruction[]> {
    return settle(() =>
      (this.stmt.instructions.all(repoKey(repo)) as InstructionRow[]).map((row, index) => ({ number: index + 1, text: row.text, author: row.author, at: row.created_at })),
    );
  }

  removeInstruction(repo: string, number: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(number) || number < 1) return Promise.resolve(undefined);
    return settle(() =>
      this.db
        .transaction(() => {
          const row = this.stmt.nthInstruction.get(repoKey(repo), number - 1) as Pick<InstructionRow, 'id' | 'text'> | undefined;
          if (row) this.stmt.deleteInstruction.run(row.id);
          return row?.text;
        })
        .immediate(),
    );
  }

  addSuppression(repo: string, suppression: Suppression): Promise<boolean> {
    const key = repoKey(repo);
    return settle(() =>
      this.db
        .transaction(() => {
          const { changes } = this.stmt.insertSuppression.run(key, suppression.fingerprint, suppression.reason, suppression.detail, suppression.at);
          if (changes > 0) this.stmt.pruneSuppressions.run(key, key, MAX_SUPPRESSED);
          return changes > 0;
        })
        .immediate(),
    );
  }

  hasSuppression(repo: string, fingerprint: string): Promise<boolean> {
    return settle(() => this.stmt.hasSuppression.get(repoKey(repo), fingerprint) !== undefined);
  }

  listSuppressions(repo: string): Promise<Suppression[]> {
    return settle(() =>
      (this.stmt.suppressions.all(repoKey(repo), MAX_SUPPRESSED) as SuppressionRow[]).map((row) => ({
        fingerprint: row.fingerprint,
        reason: row.reason as SuppressionReason,
        detail: row.detail,
        at: row.created_at,
      })),
    );
  }
}

/** SQLite answers synchronously; its errors (a limit, a busy file) still arrive as a rejection, as PostgreSQL's do. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
