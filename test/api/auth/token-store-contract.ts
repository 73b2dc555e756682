import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueToken, TokenNameTakenError, type TokenStore } from '../../../src/api/auth/index.js';
import { hashToken, mintToken } from '../../../src/api/auth/token-format.js';

/** What every TokenStore adapter must do; run by sqlite-token-store.test.ts and postgres-token-store.test.ts. */
export function tokenStoreContract(name: string, make: () => Promise<{ store: TokenStore; cleanup(): Promise<void> }>): void {
  describe(`${name} token store`, () => {
    let store: TokenStore;
    let made: { store: TokenStore; cleanup(): Promise<void> };

    beforeEach(async () => {
      made = await make();
      store = made.store;
    });
    afterEach(async () => {
      await store.close();
      await made.cleanup();
    });

    it('finds a token by the hash of its text, and nothing by another hash', async () => {
      const { token, info } = await issueToken(store, { name: 'ci', scope: 'execute', now: 1000 });
      expect(await store.findByHash(hashToken(token))).toEqual({ ...info, hash: hashToken(token) });
      expect(await store.findByHash(mintToken().hash)).toBeUndefined();
      // The stored hash is of the whole token: a hash of the secret alone finds nothing.
      expect(await store.findByHash(hashToken(token.slice(23)))).toBeUndefined();
    });

    it('lists active tokens newest first without hash or secret; revoked ones only when asked', async () => {
      const a = await issueToken(store, { name: 'a', scope: 'read', now: 1000 });
      const b = await issueToken(store, { name: 'b', scope: 'execute', now: 2000 });
      await store.revoke('a', 3000);
      expect(await store.list()).toEqual([b.info]);
      const all = await store.list({ includeRevoked: true });
      expect(all).toEqual([b.info, { ...a.info, revokedAt: 3000 }]);
      expect(JSON.stringify(all)).not.toContain(hashToken(a.token));
    });

    it('a name is unique among active tokens and free again once its token is revoked', async () => {
      await issueToken(store, { name: 'deploy', scope: 'read', now: 1000 });
      const taken = issueToken(store, { name: 'deploy', scope: 'execute', now: 2000 });
      await expect(taken).rejects.toBeInstanceOf(TokenNameTakenError);
      await expect(taken).rejects.toThrow('an active API token is already named "deploy"');
      await store.revoke('deploy', 3000);
      const again = await issueToken(store, { name: 'deploy', scope: 'execute', now: 4000 });
      expect((await store.list()).map((t) => t.id)).toEqual([again.info.id]);
    });

    it('revokes by id or by name, once; an unknown id or name revokes nothing', async () => {
      const a = await issueToken(store, { name: 'a', scope: 'read', now: 1000 });
      const b = await issueToken(store, { name: 'b', scope: 'read', now: 1000 });
      expect(await store.revoke(a.info.id, 5000)).toEqual({ ...a.info, revokedAt: 5000 });
      expect(await store.revoke('b', 6000)).toEqual({ ...b.info, revokedAt: 6000 });
      expect(await store.revoke('b', 7000)).toBeUndefined();
      expect(await store.revoke('nobody', 7000)).toBeUndefined();
      expect((await store.findByHash(hashToken(a.token)))?.revokedAt).toBe(5000);
    });

    it('touch records the last use and never moves it back', async () => {
      const { token, info } = await issueToken(store, { name: 'ci', scope: 'read', now: 1000 });
      await store.touch(info.id, 9000);
      await store.touch(info.id, 8000);
      expect((await store.findByHash(hashToken(token)))?.lastUsedAt).toBe(9000);
    });
  });
}
