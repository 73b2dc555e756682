import { Hono } from 'hono';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiAuth, issueToken, type ApiAuth, type ApiAuthEnv, type TokenStore } from '../../../src/api/auth/index.js';
import { SqliteTokenStore } from '../../../src/api/auth/sqlite-token-store.js';
import { mintToken } from '../../../src/api/auth/token-format.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const BOOTSTRAP = 'bootstrap-token-from-the-environment-0123456789';
const MALFORMED_MESSAGE = 'send Authorization: Bearer <token> (create one with agentic-sdlc tokens create)';

let store: SqliteTokenStore;
let clock: FakeClock;
let auth: ApiAuth;
let logs: string[];

function appWith(tokens: TokenStore, rateLimitPerMinute = 600): Hono<ApiAuthEnv> {
  logs = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  auth = createApiAuth({ tokens, bootstrapToken: BOOTSTRAP, rateLimitPerMinute, clock, logger });
  const app = new Hono<ApiAuthEnv>();
  app.get('/api/jobs', auth.require('read'), (c) => c.json({ caller: c.get('token') }));
  app.post('/api/workflows/execute', auth.require('execute'), (c) => c.json({ caller: c.get('token') }));
  return app;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

beforeEach(() => {
  store = new SqliteTokenStore(':memory:');
  clock = new FakeClock();
});

afterEach(async () => {
  await auth.close();
  await store.close();
});

describe('who is calling', () => {
  it('a request without Authorization is 401 with WWW-Authenticate: Bearer and how to get a token', async () => {
    const res = await appWith(store).request('/api/jobs');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ error: 'unauthorized', message: MALFORMED_MESSAGE });
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer'],
    ['an empty token', 'Bearer '],
    ['two words', 'Bearer two words'],
    ['an overlong header', `Bearer ${'a'.repeat(2000)}`],
  ])('a malformed header (%s) is 401 with the same hint', async (_label, header) => {
    const res = await appWith(store).request('/api/jobs', { headers: { authorization: header } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ error: 'unauthorized', message: MALFORMED_MESSAGE });
  });

  it('a well-formed token that was never created is 401 saying it is unknown', async () => {
    const { token } = mintToken();
    const res = await appWith(store).request('/api/jobs', bearer(token));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const body = (await res.json()) as { message: string };
    expect(body.message).toMatch(/unknown to this installation/);
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it('a token of another kind is 401 saying agentic-sdlc tokens start with asdlc_', async () => {
    const res = await appWith(store).request('/api/jobs', bearer('ghp_0123456789abcdefghijklmnopqrstuvwxyz'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/start with asdlc_/);
  });

  it('a revoked token is 401 saying it was revoked, naming its id but not its secret', async () => {
    const app = appWith(store);
    const { token, info } = await issueToken(store, { name: 'ci', scope: 'execute', now: clock.now() });
    expect((await app.request('/api/jobs', bearer(token))).status).toBe(200);
    await store.revoke('ci', clock.now());
    const res = await app.request('/api/jobs', bearer(token));
    expect(res.status).toBe(401);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain(`API token ${info.id} ("ci") was revoked`);
    expect(JSON.stringify(body)).not.toContain(token.slice(-20));
  });

  it('a store that answers with a record of another hash is not trusted (the hashes are compared)', async () => {
    const other = mintToken();
    const lying: TokenStore = {
      findByHash: () => Promise.resolve({ id: other.id, name: 'other', scopes: ['execute'], createdAt: 0, hash: other.hash }),
      touch: () => Promise.resolve(),
      close: () => Promise.resolve(),
      create: () => Promise.resolve(),
      list: () => Promise.resolve([]),
      revoke: () => Promise.resolve(undefined),
    };
    const res = await appWith(lying).request('/api/jobs', bearer(mintToken().token));
    expect(res.status).toBe(401);
  });
});

describe('what the token may do', () => {
  it('a read token may GET but POST is 403 naming both scopes', async () => {
    const app = appWith(store);
    const { token, info } = await issueToken(store, { name: 'dashboard', scope: 'read', now: clock.now() });
    const read = await app.request('/api/jobs', bearer(token));
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ caller: { id: info.id, name: 'dashboard', scopes: ['read'] } });
    const res = await app.request('/api/workflows/execute', { method: 'POST', ...bearer(token) });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="execute"');
    expect(await res.json()).toEqual({ error: 'forbidden', message: 'this token has scope read; POST /api/workflows/execute needs execute' });
  });

  it('an execute token may also read', async () => {
    const app = appWith(store);
    const { token } = await issueToken(store, { name: 'deployer', scope: 'execute', now: clock.now() });
    expect((await app.request('/api/jobs', bearer(token))).status).toBe(200);
    expect((await app.request('/api/workflows/execute', { method: 'POST', ...bearer(token) })).status).toBe(200);
  });

  it('the bootstrap token is an execute token named bootstrap; one character off is refused', async () => {
    const app = appWith(store);
    const res = await app.request('/api/workflows/execute', { method: 'POST', ...bearer(BOOTSTRAP) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ caller: { id: 'bootstrap', name: 'bootstrap', scopes: ['execute'] } });
    const nearMiss = `${BOOTSTRAP.slice(0, -1)}X`;
    expect((await app.request('/api/jobs', bearer(nearMiss))).status).toBe(401);
  });

  it('a bootstrap token shorter than 24 characters is refused at start', () => {
    expect(() => createApiAuth({ tokens: store, bootstrapToken: 'short', rateLimitPerMinute: 1 })).toThrow(/at least 24 characters/);
  });

  it('a use is recorded as lastUsedAt, at most once a minute', async () => {
    const app = appWith(store);
    const { token, info } = await issueToken(store, { name: 'ci', scope: 'read', now: clock.now() });
    await app.request('/api/jobs', bearer(token));
    const first = clock.now();
    clock.advance(30_000);
    await app.request('/api/jobs', bearer(token));
    await auth.close();
    expect((await store.list()).find((t) => t.id === info.id)?.lastUsedAt).toBe(first);
    clock.advance(30_000);
    await app.request('/api/jobs', bearer(token));
    await auth.close();
    expect((await store.list()).find((t) => t.id === info.id)?.lastUsedAt).toBe(first + 60_000);
  });
});

describe('rate limit', () => {
  it('over the per-token rate is 429 with Retry-After, and the token recovers as time passes', async () => {
    const app = appWith(store, 3);
    const { token } = await issueToken(store, { name: 'busy', scope: 'read', now: clock.now() });
    const { token: calm } = await issueToken(store, { name: 'calm', scope: 'read', now: clock.now() });
    for (let i = 0; i < 3; i++) expect((await app.request('/api/jobs', bearer(token))).status).toBe(200);
    const limited = await app.request('/api/jobs', bearer(token));
    expect(limited.status).toBe(429);
    // 3 a minute: one request back every 20 s.
    expect(limited.headers.get('retry-after')).toBe('20');
    const body = (await limited.json()) as { error: string; message: string };
    expect(body.error).toBe('rate_limited');
    expect(body.message).not.toContain(token.slice(-20));
    // Another token has its own bucket.
    expect((await app.request('/api/jobs', bearer(calm))).status).toBe(200);
    clock.advance(19_000);
    const still = await app.request('/api/jobs', bearer(token));
    expect(still.status).toBe(429);
    expect(still.headers.get('retry-after')).toBe('1');
    clock.advance(1_000);
    expect((await app.request('/api/jobs', bearer(token))).status).toBe(200);
    expect((await app.request('/api/jobs', bearer(token))).status).toBe(429);
  });
});

describe('secrets', () => {
  it('no answer and no log line carries the token, even when recording its use fails', async () => {
    const failing: TokenStore = Object.assign(Object.create(store) as TokenStore, {
      touch: () => Promise.reject(new Error('database is locked')),
    });
    const app = appWith(failing, 2);
    const { token } = await issueToken(store, { name: 'leaky', scope: 'read', now: clock.now() });
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) bodies.push(await (await app.request('/api/jobs', bearer(token))).text());
    bodies.push(await (await app.request('/api/workflows/execute', { method: 'POST', ...bearer(token) })).text());
    await store.revoke('leaky', clock.now());
    clock.advance(60_000);
    bodies.push(await (await app.request('/api/jobs', bearer(token))).text());
    await auth.close();
    const secret = token.split('_').slice(2).join('_');
    expect(logs.join('')).toContain('could not record the API token use');
    for (const text of [...bodies, ...logs]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(BOOTSTRAP);
    }
  });
});
