/**
 * A backup or restore that was refused or failed for a reason the operator can fix; the message names the file
 * and the fix. `exitCode` 2 means "not done by this command, on purpose": the state is in PostgreSQL, and the
 * message gives the `pg_dump`/`pg_restore` commands instead.
 */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** The SQLite step count that means "every remaining page": one step is one read transaction (see snapshot.ts). */
export const ALL_PAGES = 0x7fffffff;
