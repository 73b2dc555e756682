import { existsSync, rmSync, statSync } from 'node:fs';
import { BackupError } from './backup-error.js';
import { tableNames, withDatabase } from './state-file.js';

/**
 * Whether a restore may write into `path`. It may when the file is missing or holds none of the rows named in
 * `tables` (a state file that `runs list` or `tokens list` created empty is fine); otherwise only with --force,
 * because the restore replaces the whole file. Whether another process has the file open cannot be asked of
 * SQLite portably: a `-shm` file beside it is the sign (SQLite removes it when the last connection closes), so
 * that is refused too, the message saying how to tell a leftover from a live server.
 */
export interface RestoreTarget {
  /** What the file holds, for messages: "the state file", "the LLM cache". */
  label: string;
  path: string;
  /** Tables whose rows make the target "not empty", with the word for one row. */
  tables: Record<string, string>;
}

export function checkRestoreTarget(target: RestoreTarget, force: boolean): void {
  if (force) return;
  const { label, path } = target;
  if (existsSync(`${path}-shm`)) {
    throw new BackupError(
      `${label} ${path} looks open in another process (${path}-shm exists): stop serve and workers first. ` +
        `If nothing uses it (a crash left the file), pass --force`,
    );
  }
  if (!existsSync(path) || statSync(path).size === 0) return;
  let held: string[];
  try {
    held = withDatabase(path, (db) => {
      const tables = tableNames(db);
      return Object.entries(target.tables).flatMap(([table, word]) => {
        const n = tables.has(table) ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0;
        return n > 0 ? [`${n} ${word}${n === 1 ? '' : 's'}`] : [];
      });
    });
  } catch (error) {
    throw new BackupError(`${(error as Error).message}: restore would replace it; pass --force if that is what you want`);
  }
  if (held.length > 0) {
    throw new BackupError(
      `${label} ${path} is not empty (${held.join(', ')}): restore into a missing or empty file (e.g. --db new-state.db), or pass --force to replace it`,
    );
  }
}

/** With --force, a target that is not SQLite at all is removed first: the backup API can only write into a database. */
export function clearUnreadableTarget(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  try {
    withDatabase(path, () => undefined);
  } catch {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  }
}
