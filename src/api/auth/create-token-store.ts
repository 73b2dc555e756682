import type { Config } from '../../config/schema.js';
import { PostgresTokenStore } from './postgres-token-store.js';
import { SqliteTokenStore } from './sqlite-token-store.js';
import type { TokenStore } from './token-store.js';

/** Tokens live where runs live: PostgreSQL when `databaseUrl` is set (DATABASE_URL), else the SQLite state file. */
export async function createTokenStore(config: Pick<Config, 'db' | 'databaseUrl'>, options: { schema?: string } = {}): Promise<TokenStore> {
  if (config.databaseUrl) return PostgresTokenStore.connect(config.databaseUrl, options);
  return new SqliteTokenStore(config.db);
}
