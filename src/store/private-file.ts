import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Readies the path of a SQLite file that only this user may read (run state holds step inputs, outputs and
 * event payloads): missing directories are created 0700, the file is created 0600, and an existing file
 * (with its `-wal` and `-shm`) that others could read is narrowed to 0600. SQLite gives the `-wal` and
 * `-shm` files it creates the database file's mode. Existing directories are left alone: the file may
 * sit in a shared folder such as the working directory.
 */
export function preparePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) narrow(file);
}

function narrow(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    // Missing (no -wal yet) or not ours to change: SQLite opens it all the same.
  }
}
