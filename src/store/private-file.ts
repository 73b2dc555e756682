import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Readies the path of a SQLite file that only this user may read (run state holds step inputs, outputs and
 * event payloads): missing directories are created 0700, the file is created 0600, and an existing file
 * (with its `-wal` and `-shm`) that others could read is narrowed to 0600. SQLite gives the `-wal` and
 * `-shm` files it creates the database file's mode. Existing directories are left alone: the file may
 * sit in a shared folder such as the working directory. A directory created here also gets a `.gitignore`
 * of `*`, as tools with a local cache do, so `.agentic-sdlc/` never shows up in `git status`.
 */
export function preparePrivateFile(path: string): void {
  const dir = dirname(path);
  // Returns the first directory it made: undefined when the directory was already there.
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) {
    writeFileSync(join(dir, '.gitignore'), '# Created by agentic-sdlc: run state is not for version control.\n*\n');
  }
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
