import { timingSafeEqual } from 'node:crypto';
import { bearerToken } from './bearer.js';
import { hashToken, tokenId } from './token-format.js';
import type { ApiScope, TokenStore } from './token-store.js';

/**
 * Who sent an `Authorization` header: a stored token, the bootstrap token, or nobody, with a message that
 * says which check failed and how to fix it. A token is looked up by its hash and the hashes are compared
 * again in constant time, so neither the lookup nor the comparison times anything that depends on the
 * secret, and a store that matched loosely still could not let a wrong token in.
 */

export interface ApiCaller {
  id: string;
  name: string;
  scopes: ApiScope[];
}

export type Identified = { caller: ApiCaller } | { message: string; malformed?: boolean };

export const CREATE_HINT = 'create one with agentic-sdlc tokens create';
export const BOOTSTRAP_CALLER: ApiCaller = { id: 'bootstrap', name: 'bootstrap', scopes: ['execute'] };

export function callerIdentifier(tokens: TokenStore, bootstrapToken?: string): (header: string | undefined) => Promise<Identified> {
  const bootstrapHash = bootstrapToken ? Buffer.from(hashToken(bootstrapToken), 'hex') : undefined;
  return async (header) => {
    const token = bearerToken(header);
    if (token === undefined) return { malformed: true, message: `send Authorization: Bearer <token> (${CREATE_HINT})` };
    const hash = Buffer.from(hashToken(token), 'hex');
    // Hashes of equal length, compared in constant time: the time taken says nothing about the secret.
    if (bootstrapHash && timingSafeEqual(hash, bootstrapHash)) return { caller: BOOTSTRAP_CALLER };
    if (tokenId(token) === undefined) return { message: `this is not an agentic-sdlc API token (they start with asdlc_); ${CREATE_HINT}` };
    const record = await tokens.findByHash(hash.toString('hex'));
    if (!record || !timingSafeEqual(Buffer.from(record.hash, 'hex'), hash)) {
      return { message: `this API token is unknown to this installation; ${CREATE_HINT}` };
    }
    if (record.revokedAt !== undefined) {
      return { message: `API token ${record.id} ("${record.name}") was revoked at ${new Date(record.revokedAt).toISOString()}; ${CREATE_HINT}` };
    }
    return { caller: { id: record.id, name: record.name, scopes: record.scopes } };
  };
}
