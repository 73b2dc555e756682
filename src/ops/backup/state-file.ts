import Database from 'better-sqlite3';
import { BackupError } from './backup-error.js';

/**
 * What a state file (or a backup of one) holds, read without changing it: its schema version and how many
 * runs, steps and API tokens, for the messages of backup and restore and for checking a restore arrived whole.
 * Tables that do not exist count 0: `tokens create` alone makes a file with `api_tokens` and no runs.
 */
export interface StateSummary {
  /** `meta.schema_version`; 0 when the file predates it or has no run tables yet. */
  schemaVersion: number;
  runs: number;
  steps: number;
  tokens: number;
}

export function summarizeState(path: string): StateSummary {
  return withDatabase(path, (db) => {
    const tables = tableNames(db);
    const version = tables.has('meta') ? (db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).pluck().get() as string | undefined) : undefined;
    return {
      schemaVersion: Number(version ?? 0),
      runs: countRows(db, tables, 'runs'),
      steps: countRows(db, tables, 'steps'),
      tokens: countRows(db, tables, 'api_tokens'),
    };
  });
}

/** Entries of the LLM response cache file (`@keyv/sqlite` keeps them in table `keyv`). */
export function countCacheEntries(path: string): number {
  return withDatabase(path, (db) => countRows(db, tableNames(db), 'keyv'));
}

/** "12 runs, 40 steps, 2 API tokens" */
export function describeState(summary: StateSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(summary.runs, 'run')}, ${plural(summary.steps, 'step')}, ${plural(summary.tokens, 'API token')}`;
}

/**
 * Opened read-write but never written: a state file in WAL mode is read through its `-wal`, which a read-only
 * connection cannot always do. A file that is not SQLite is named in the error.
 */
export function withDatabase<T>(path: string, fn: (db: Database.Database) => T): T {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw new BackupError(`${path}: cannot be read as a SQLite database (${(error as Error).message})`);
  }
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function tableNames(db: Database.Database): Set<string> {
  return new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
}

function countRows(db: Database.Database, tables: Set<string>, table: string): number {
  return tables.has(table) ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0;
}
