import Database from 'better-sqlite3';
import { preparePrivateFile } from '../../store/private-file.js';
import { knownScopes, TokenNameTakenError, type ApiTokenInfo, type ApiTokenRecord, type TokenStore } from './token-store.js';

/**
 * API tokens in the SQLite state file, beside the runs (table `api_tokens`, created if absent). Its own
 * connection, opened as the run store opens it: the file private (0600), busy_timeout before WAL so a
 * second process waits for the lock instead of failing. A partial unique index keeps names unique among
 * active tokens, so two `tokens create` racing for one name cannot both win.
 */

interface TokenRow {
  id: string;
  name: string;
  scopes_json: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes_json TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
  );
  CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;
`;

export class SqliteTokenStore implements TokenStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') preparePrivateFile(path);
    this.db = new Database(path);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  create(token: ApiTokenRecord): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO api_tokens (id, name, scopes_json, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(token.id, token.name, JSON.stringify(token.scopes), token.hash, token.createdAt);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && this.activeNamed(token.name)) {
        return Promise.reject(new TokenNameTakenError(token.name));
      }
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve();
  }

  list(options: { includeRevoked?: boolean } = {}): Promise<ApiTokenInfo[]> {
    const rows = this.db
      .prepare(`SELECT * FROM api_tokens ${options.includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY created_at DESC, rowid DESC`)
      .all() as TokenRow[];
    return Promise.resolve(rows.map((row) => info(row)));
  }

  revoke(idOrName: string, at: number): Promise<ApiTokenInfo | undefined> {
    const revoke = this.db.transaction(() => {
      const row = (this.db.prepare('SELECT * FROM api_tokens WHERE id = ? AND revoked_at IS NULL').get(idOrName) ??
        this.activeNamed(idOrName)) as TokenRow | undefined;
      if (!row) return undefined;
      this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(at, row.id);
      return info({ ...row, revoked_at: at });
    });
    return Promise.resolve(revoke.immediate());
  }

  findByHash(hash: string): Promise<ApiTokenRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(hash) as TokenRow | undefined;
    return Promise.resolve(row ? { ...info(row), hash: row.token_hash } : undefined);
  }

  touch(id: string, at: number): Promise<void> {
    this.db.prepare('UPDATE api_tokens SET last_used_at = MAX(COALESCE(last_used_at, 0), ?) WHERE id = ?').run(at, id);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private activeNamed(name: string): TokenRow | undefined {
    return this.db.prepare('SELECT * FROM api_tokens WHERE name = ? AND revoked_at IS NULL').get(name) as TokenRow | undefined;
  }
}

function info(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: knownScopes(JSON.parse(row.scopes_json)),
    createdAt: row.created_at,
    ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
  };
}
