import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiAuth, type ApiAuthEnv } from '../../src/api/auth/index.js';
import { SqliteTokenStore } from '../../src/api/auth/sqlite-token-store.js';
import { cli } from '../helpers/cli.js';

let dir: string;
let db: string;
// DATABASE_URL emptied: the tokens go to the state file even when the environment names a PostgreSQL server.
const tokens = (...args: string[]) => cli(['--db', db, 'tokens', ...args], { cwd: dir, env: { DATABASE_URL: '' } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-tokens-'));
  db = join(dir, 'state.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A request to an `execute` route guarded by the real middleware over the state file the CLI wrote. */
async function callApi(token: string): Promise<{ status: number; body: unknown }> {
  const store = new SqliteTokenStore(db);
  const auth = createApiAuth({ tokens: store, rateLimitPerMinute: 600 });
  const app = new Hono<ApiAuthEnv>().post('/api/workflows/submit', auth.require('execute'), (c) => c.json({ caller: c.get('token') }));
  const res = await app.request('/api/workflows/submit', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body: unknown = await res.json();
  await auth.close();
  await store.close();
  return { status: res.status, body };
}

describe('agentic-sdlc tokens', () => {
  it('create prints the token once, list never shows it, the API accepts it until revoke, then refuses it', async () => {
    const created = await tokens('create', '--name', 'deployer', '--scope', 'execute');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^created API token "deployer" \(id [0-9a-f]{16}, scope execute\); it is shown only this once, so store it now:$/);
    const token = lines[1]!;
    expect(token).toMatch(/^asdlc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(lines[2]).toContain('Authorization: Bearer');
    const id = token.slice(6, 22);

    const listed = await tokens('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id}  deployer\\s+execute\\s+created \\S+  never used\\n$`));
    const json = await tokens('list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([{ id, name: 'deployer', scopes: ['execute'], createdAt: expect.any(String) as string, lastUsedAt: null }]);
    expect(listed.stdout + json.stdout).not.toContain(token.slice(23));

    expect(await callApi(token)).toEqual({ status: 200, body: { caller: { id, name: 'deployer', scopes: ['execute'] } } });
    const used = JSON.parse((await tokens('list', '--json')).stdout) as { lastUsedAt: string | null }[];
    expect(used[0]?.lastUsedAt).toEqual(expect.any(String));

    const revoked = await tokens('revoke', 'deployer');
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked API token "deployer" (id ${id}); requests with it are now refused\n` });
    const refused = await callApi(token);
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).toContain('was revoked');
    expect((await tokens('list')).stdout).toMatch(/^no API tokens/);
    expect((await tokens('list', '--all')).stdout).toContain(`${id}  deployer`);
  });

  it('create --json prints the token with its id, name and scopes', async () => {
    const { code, stdout } = await tokens('create', '--name', 'reader', '--scope', 'read', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { id: string; name: string; scopes: string[]; token: string };
    expect(out).toMatchObject({ name: 'reader', scopes: ['read'] });
    expect(out.token.startsWith(`asdlc_${out.id}_`)).toBe(true);
  });

  it('a second active token of the same name is refused with the fix; so is revoking what does not exist', async () => {
    expect((await tokens('create', '--name', 'twice', '--scope', 'read')).code).toBe(0);
    const again = await tokens('create', '--name', 'twice', '--scope', 'execute');
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe(
      'agentic-sdlc: an active API token is already named "twice": choose another --name, or revoke the old one first (agentic-sdlc tokens revoke twice)\n',
    );
    const missing = await tokens('revoke', 'nobody');
    expect(missing).toMatchObject({ code: 1, stderr: 'agentic-sdlc: no active API token with id or name "nobody" (see: agentic-sdlc tokens list)\n' });
  });

  it('an unknown scope is refused by the command line', async () => {
    const { code, stderr } = await tokens('create', '--name', 'admin', '--scope', 'admin');
    expect(code).not.toBe(0);
    expect(stderr).toContain('Allowed choices are read, execute');
  });
});
