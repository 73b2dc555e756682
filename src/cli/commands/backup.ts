import { loadConfig } from '../../config/load-config.js';
import { BackupError } from '../../ops/backup/backup-error.js';
import { backupState } from '../../ops/backup/backup-state.js';
import { CliError } from '../cli-error.js';
import type { GlobalOptions } from '../context.js';

/**
 * `agentic-sdlc backup <file>`: an online copy of the SQLite state (runs, steps, API tokens), safe while
 * `serve` runs; `--with-cache` adds the LLM cache as `<file>.llm-cache`; `<file>` may be `s3://bucket/key`.
 * With DATABASE_URL it prints the pg_dump commands and exits 2, or runs pg_dump with `--pg-dump`.
 * No runtime is built: a backup needs the configuration and the files, nothing else. See docs/backup.md.
 */
export interface BackupCommandOptions {
  force?: boolean;
  withCache?: boolean;
  pgDump?: boolean;
}

export async function backup(globals: GlobalOptions, file: string, options: BackupCommandOptions): Promise<number> {
  const config = loadConfig({
    ...(globals.config ? { file: globals.config } : {}),
    overrides: [{ path: ['db'], value: globals.db }],
  });
  try {
    const lines = await backupState(config, file, { force: options.force === true, withCache: options.withCache === true, pgDump: options.pgDump === true });
    for (const line of lines) process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    throw error instanceof BackupError ? new CliError(error.message, error.exitCode) : error;
  }
}
