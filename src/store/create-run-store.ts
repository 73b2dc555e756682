import type { RunStore } from '../engine/ports/run-store.js';
import type { Logger } from '../logger.js';
import { PostgresRunStore } from './postgres-store.js';
import { SqliteRunStore } from './sqlite-store.js';

/**
 * The run store the configuration asks for: PostgreSQL when `databaseUrl` (DATABASE_URL) is set, so
 * several processes share run state; otherwise the SQLite file at `db`, as the embedded mode always had.
 * Async because PostgreSQL is reached and migrated before the first run is admitted.
 */
/** The configuration's `db` and `databaseUrl`, by shape: the store does not import the configuration (it imports the store). */
export interface RunStoreSettings {
  db: string;
  databaseUrl?: string | undefined;
}

export async function createRunStore(config: RunStoreSettings, options: { logger?: Logger } = {}): Promise<RunStore> {
  if (!config.databaseUrl) return new SqliteRunStore(config.db);
  const { logger } = options;
  return PostgresRunStore.connect(config.databaseUrl, {
    ...(logger ? { onIdleError: (error: Error) => logger.warn({ err: error }, 'a pooled PostgreSQL connection failed; the next query reconnects') } : {}),
  });
}
