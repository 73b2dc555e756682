import { mintToken } from './token-format.js';
import { TokenNameError, type ApiScope, type ApiTokenInfo, type TokenStore } from './token-store.js';

/**
 * Creates a token and returns its text, the only time it exists outside the caller's hands: the store
 * keeps its hash. Names are what people revoke by, so they are short and printable.
 */
export async function issueToken(store: TokenStore, request: { name: string; scope: ApiScope; now: number }): Promise<{ token: string; info: ApiTokenInfo }> {
  const name = request.name.trim();
  if (!/^[\w.@:-]{1,64}$/.test(name)) {
    throw new TokenNameError(`token name "${request.name.slice(0, 80)}": use 1 to 64 letters, digits and _ . @ : - (e.g. ci-deploy)`);
  }
  const minted = mintToken();
  const info: ApiTokenInfo = { id: minted.id, name, scopes: [request.scope], createdAt: request.now };
  await store.create({ ...info, hash: minted.hash });
  return { token: minted.token, info };
}
