/**
 * Where API tokens are kept: by the SHA-256 of the token, never the token itself (see token-format.ts).
 * A name is unique among active tokens (a revoked token's name may be reused); `revoke` accepts the id or
 * the name. Adapters: SQLite (the run state file) and PostgreSQL, picked by `createTokenStore`.
 */

export type ApiScope = 'read' | 'execute';
export const API_SCOPES: readonly ApiScope[] = ['read', 'execute'];

/** A token as `tokens list` shows it and the middleware puts on the request: no secret, no hash. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
}

export interface ApiTokenRecord extends ApiTokenInfo {
  /** Hex SHA-256 of the whole token. */
  hash: string;
}

export interface TokenStore {
  /** Throws TokenNameTakenError when an active token already has this name. */
  create(token: ApiTokenRecord): Promise<void>;
  /** Newest first; revoked tokens only when asked. */
  list(options?: { includeRevoked?: boolean }): Promise<ApiTokenInfo[]>;
  /** Revokes the token with this id, or else the active token with this name; undefined when there is none. */
  revoke(idOrName: string, at: number): Promise<ApiTokenInfo | undefined>;
  findByHash(hash: string): Promise<ApiTokenRecord | undefined>;
  /** Records a use (the middleware calls it at most once a minute per token). */
  touch(id: string, at: number): Promise<void>;
  close(): Promise<void>;
}

/** A name the user chose that cannot be used; the message says why and what to do. */
export class TokenNameError extends Error {
  override name = 'TokenNameError';
}

export class TokenNameTakenError extends TokenNameError {
  override name = 'TokenNameTakenError';

  constructor(readonly tokenName: string) {
    super(`an active API token is already named "${tokenName}": choose another --name, or revoke the old one first (agentic-sdlc tokens revoke ${tokenName})`);
  }
}

/** `execute` implies `read`. */
export function grants(scopes: readonly ApiScope[], needed: ApiScope): boolean {
  return scopes.includes(needed) || (needed === 'read' && scopes.includes('execute'));
}

/** Scopes as a store read them back; anything unknown (written by a newer version) grants nothing. */
export function knownScopes(values: unknown): ApiScope[] {
  if (!Array.isArray(values)) return [];
  return values.filter((scope): scope is ApiScope => API_SCOPES.includes(scope as ApiScope));
}
