import pg from 'pg';
import { quoteIdentifier } from '../../store/postgres-migrations.js';
import { describeUrl, passwordForms, scrubError } from '../../store/postgres-secrets.js';
import { knownScopes, TokenNameTakenError, type ApiTokenInfo, type ApiTokenRecord, type TokenStore } from './token-store.js';

/**
 * API tokens in PostgreSQL (table `api_tokens` in the run store's schema, created if absent), for several
 * `serve` processes sharing one database. `CREATE … IF NOT EXISTS` is not safe when two processes run it
 * at once, so it runs under an advisory lock. A partial unique index keeps names unique among active
 * tokens; errors never carry the DATABASE_URL password.
 */

interface TokenRow {
  id: string;
  name: string;
  scopes: string[];
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS api_tokens (
    id TEXT PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    name TEXT NOT NULL,
    scopes TEXT[] NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
  );
  CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;
`;

export class PostgresTokenStore implements TokenStore {
  private readonly pool: pg.Pool;
  private readonly secrets: string[];

  private constructor(url: string, schema: string) {
    this.secrets = passwordForms(url);
    this.pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${quoteIdentifier(schema)}` });
    this.pool.on('error', () => {
      // An idle connection died (server restart): the next query opens another.
    });
  }

  /** Connects and creates the table when missing; `schema` defaults to `public`, as the run store's does. */
  static async connect(url: string, options: { schema?: string } = {}): Promise<PostgresTokenStore> {
    const schema = options.schema ?? 'public';
    const store = new PostgresTokenStore(url, schema);
    let client: pg.PoolClient | undefined;
    try {
      client = await store.pool.connect();
      // Held until COMMIT, on this one connection: DDL is transactional in PostgreSQL.
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`agentic-sdlc:api_tokens:${schema}`]);
      // Only when missing: see postgres-migrations.ts (a non-owner may lack the right to create schemas).
      if ((await client.query<{ found: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS found', [schema])).rows[0]?.found !== true) {
        await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
      }
      await client.query(SCHEMA);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      // Releasing with the error discards the connection, and with it the open transaction.
      client?.release(true);
      await store.close();
      const reason = scrubError(error, store.secrets) as Error;
      throw new Error(`cannot keep API tokens in PostgreSQL at ${describeUrl(url)} (DATABASE_URL): ${reason.message}`, { cause: reason });
    }
    return store;
  }

  async create(token: ApiTokenRecord): Promise<void> {
    try {
      await this.query('INSERT INTO api_tokens (id, name, scopes, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        token.id,
        token.name,
        token.scopes,
        token.hash,
        token.createdAt,
      ]);
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'api_tokens_active_name') throw new TokenNameTakenError(token.name);
      throw error;
    }
  }

  async list(options: { includeRevoked?: boolean } = {}): Promise<ApiTokenInfo[]> {
    const rows = await this.query<TokenRow>(
      `SELECT * FROM api_tokens ${options.includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY created_at DESC, seq DESC`,
    );
    return rows.map((row) => info(row));
  }

  async revoke(idOrName: string, at: number): Promise<ApiTokenInfo | undefined> {
    // One statement: the id if it names an active token, else the active token of that name.
    const rows = await this.query<TokenRow>(
      `UPDATE api_tokens SET revoked_at = $2 WHERE id = (
         SELECT id FROM api_tokens WHERE revoked_at IS NULL AND (id = $1 OR name = $1) ORDER BY (id = $1) DESC LIMIT 1
       ) AND revoked_at IS NULL RETURNING *`,
      [idOrName, at],
    );
    return rows[0] ? info(rows[0]) : undefined;
  }

  async findByHash(hash: string): Promise<ApiTokenRecord | undefined> {
    const rows = await this.query<TokenRow>('SELECT * FROM api_tokens WHERE token_hash = $1', [hash]);
    return rows[0] ? { ...info(rows[0]), hash: rows[0].token_hash } : undefined;
  }

  async touch(id: string, at: number): Promise<void> {
    await this.query('UPDATE api_tokens SET last_used_at = GREATEST(COALESCE(last_used_at, 0), $2) WHERE id = $1', [id, at]);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw scrubError(error, this.secrets);
    }
  }
}

function info(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: knownScopes(row.scopes),
    createdAt: Number(row.created_at),
    ...(row.last_used_at !== null ? { lastUsedAt: Number(row.last_used_at) } : {}),
    ...(row.revoked_at !== null ? { revokedAt: Number(row.revoked_at) } : {}),
  };
}
