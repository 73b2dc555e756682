import Database from 'better-sqlite3';
import { preparePrivateFile } from '../../store/private-file.js';
import { ALL_PAGES, BackupError } from './backup-error.js';
import { clearUnreadableTarget } from './restore-target.js';

/**
 * Copies a backup into `target` with SQLite's backup API, through a connection to the target: SQLite's own
 * locking and journal apply, so a target with a `-wal` is replaced whole, never mixed with stale pages (renaming
 * a file over a WAL database would be). The target is readied as the state file always is: created 0600 in a
 * 0700 directory when missing, narrowed to 0600 when wider; its `-wal` and `-shm` take its mode.
 */
export async function restoreSqlite(backup: string, target: string): Promise<void> {
  const source = openBackup(backup);
  try {
    clearUnreadableTarget(target);
    preparePrivateFile(target);
    await source.backup(target, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
}

/** The backup, checked before anything is written: a damaged file is refused, not restored. */
export function openBackup(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`cannot open the backup ${path}: ${(error as Error).message}`);
  }
  let check: unknown;
  try {
    check = db.pragma('quick_check', { simple: true });
  } catch (error) {
    check = (error as Error).message;
  }
  if (check !== 'ok') {
    db.close();
    throw new BackupError(`the backup ${path} is damaged or not a SQLite database (${String(check)}); nothing was restored`);
  }
  return db;
}
