import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens look like `asdlc_<id>_<secret>`: a 16-hex-digit id (safe to log and to name in `tokens list`)
 * and 32 random bytes of base64url secret. Only the SHA-256 of the whole token is stored. A slow hash
 * (scrypt) or a peppered HMAC protects low-entropy secrets such as passwords; a 256-bit random secret cannot
 * be guessed from its hash either way, and a pepper would be one more secret to keep and rotate for nothing.
 * The id has a fixed length, so the token splits without guessing where base64url's own `_` belongs.
 */

export const TOKEN_PREFIX = 'asdlc_';
const ID_HEX = 16;
const SECRET_BYTES = 32;
/** base64url of 32 bytes, without padding. */
const SECRET_CHARS = Math.ceil((SECRET_BYTES * 4) / 3);
const TOKEN_LENGTH = TOKEN_PREFIX.length + ID_HEX + 1 + SECRET_CHARS;

export interface MintedToken {
  id: string;
  /** The whole `asdlc_…` text: shown once, never stored. */
  token: string;
  /** What is stored and looked up: hex SHA-256 of `token`. */
  hash: string;
}

export function mintToken(): MintedToken {
  const id = randomBytes(ID_HEX / 2).toString('hex');
  const token = `${TOKEN_PREFIX}${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { id, token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The id of a well-formed token, or undefined. A fixed-length check: no regex runs over the caller's text. */
export function tokenId(token: string): string | undefined {
  if (token.length !== TOKEN_LENGTH || !token.startsWith(TOKEN_PREFIX)) return undefined;
  const id = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + ID_HEX);
  if (!/^[0-9a-f]{16}$/.test(id) || token[TOKEN_PREFIX.length + ID_HEX] !== '_') return undefined;
  return /^[A-Za-z0-9_-]+$/.test(token.slice(TOKEN_LENGTH - SECRET_CHARS)) ? id : undefined;
}
