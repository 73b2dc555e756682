import { loadConfig } from '../../config/load-config.js';
import { BackupError } from '../../ops/backup/backup-error.js';
import { restoreState } from '../../ops/backup/restore-state.js';
import { CliError } from '../cli-error.js';
import type { GlobalOptions } from '../context.js';

/**
 * `agentic-sdlc restore <file>`: a backup into the state file (`--db`, AGENTIC_SDLC_DB), which must be missing
 * or empty unless `--force`; `--with-cache` also restores `<file>.llm-cache` into the LLM cache file; `<file>`
 * may be `s3://bucket/key`. Stop serve and workers first. With DATABASE_URL it prints the pg_restore command
 * and exits 2. See docs/backup.md.
 */
export async function restore(globals: GlobalOptions, file: string, options: { force?: boolean; withCache?: boolean }): Promise<number> {
  const config = loadConfig({
    ...(globals.config ? { file: globals.config } : {}),
    overrides: [{ path: ['db'], value: globals.db }],
  });
  try {
    const lines = await restoreState(config, file, { force: options.force === true, withCache: options.withCache === true });
    for (const line of lines) process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    throw error instanceof BackupError ? new CliError(error.message, error.exitCode) : error;
  }
}
