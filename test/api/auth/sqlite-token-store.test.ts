import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { issueToken } from '../../../src/api/auth/index.js';
import { SqliteTokenStore } from '../../../src/api/auth/sqlite-token-store.js';
import { SqliteRunStore } from '../../../src/store/sqlite-store.js';
import { tokenStoreContract } from './token-store-contract.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asdlc-tokens-'));
  dirs.push(dir);
  return join(dir, 'state.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

tokenStoreContract('SQLite', () => Promise.resolve({ store: new SqliteTokenStore(tempDb()), cleanup: () => Promise.resolve() }));

describe('SQLite token store file', () => {
  it('shares the runs state file, which stays private (0600), and adds api_tokens to an existing one', async () => {
    const path = tempDb();
    const runs = new SqliteRunStore(path);
    await runs.close();
    const tokens = new SqliteTokenStore(path);
    const { info } = await issueToken(tokens, { name: 'ci', scope: 'read', now: 1 });
    await tokens.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = new Database(path, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['runs', 'api_tokens']));
    expect(db.prepare('SELECT id FROM api_tokens').all()).toEqual([{ id: info.id }]);
    db.close();
  });
});
