import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ALL_PAGES, BackupError } from './backup-error.js';

/**
 * An online copy of a SQLite file, safe while `serve` and workers write it. SQLite's backup API copies every page
 * in ONE step, that is under one read transaction, so the copy is the database as of one commit; in WAL mode that
 * reader blocks no writer. (Copying page by page instead restarts each time another process commits, which on a
 * busy server is always; copying the file's bytes misses what is still in `-wal`.)
 *
 * The copy is made under a temporary name beside the destination (created 0600: it holds event payloads and
 * token hashes), turned into one self-contained file (rollback journal, so no `-wal` can be left behind),
 * checked, and only then put in place: by rename with `force`, else by link, which fails if the name was taken
 * meanwhile, so a backup never overwrites one it was not told to.
 */
export async function snapshotSqlite(source: string, destination: string, options: { force: boolean }): Promise<void> {
  refuseExisting(destination, options.force);
  mkdirSync(dirname(destination), { recursive: true, mode: 0o700 });
  const partial = join(dirname(destination), `.${basename(destination)}.partial-${randomBytes(4).toString('hex')}`);
  closeSync(openSync(partial, 'wx', 0o600));
  try {
    const db = openSource(source);
    try {
      await db.backup(partial, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`the copy of ${source} failed SQLite's check (${String(check)}); nothing was written to ${destination}`);
    } finally {
      copy.close();
    }
    installFile(partial, destination, options.force);
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
  }
}

/** Puts a finished file in place: by rename with `force`, else by link, which fails if the name was taken meanwhile. */
export function installFile(partial: string, destination: string, force: boolean): void {
  if (force) {
    renameSync(partial, destination);
    return;
  }
  try {
    linkSync(partial, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') refuseExisting(destination, false);
    throw error;
  }
  rmSync(partial, { force: true });
}

export function refuseExisting(destination: string, force: boolean): void {
  if (!force && existsSync(destination)) throw new BackupError(`${destination} already exists: choose another file, or pass --force to replace it`);
}

function openSource(source: string): Database.Database {
  if (!existsSync(source)) throw new BackupError(`no SQLite file at ${source}: nothing to back up`);
  try {
    const db = new Database(source, { fileMustExist: true });
    // A writer may hold the lock for a moment; a reader waits for it rather than failing.
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    throw new BackupError(`${source}: cannot be opened as a SQLite database (${(error as Error).message})`);
  }
}
