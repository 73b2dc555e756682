import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresTokenStore } from '../../../src/api/auth/postgres-token-store.js';
import { requirePostgres } from '../../helpers/services.js';
import { tokenStoreContract } from './token-store-contract.js';

const url = await requirePostgres();

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

if (url) {
  tokenStoreContract('PostgreSQL', async () => {
    // A fresh schema per test, dropped after.
    const schema = `tokens_${randomBytes(6).toString('hex')}`;
    return { store: await PostgresTokenStore.connect(url, { schema }), cleanup: () => dropSchema(schema) };
  });

  describe('PostgreSQL token store', () => {
    it('two processes creating the table at once both succeed', async () => {
      const schema = `tokens_${randomBytes(6).toString('hex')}`;
      const stores = await Promise.all([PostgresTokenStore.connect(url, { schema }), PostgresTokenStore.connect(url, { schema })]);
      await Promise.all(stores.map((store) => store.close()));
      await dropSchema(schema);
    });

    it('an unreachable database is an error naming DATABASE_URL without its password', async () => {
      const error = await PostgresTokenStore.connect('postgres://bob:hunter2-secret@127.0.0.1:1/test').then(
        () => new Error('connected'),
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/^cannot keep API tokens in PostgreSQL at postgres:\/\/bob@127\.0\.0\.1:1\/test \(DATABASE_URL\)/);
      expect(`${error.message} ${error.stack} ${String((error.cause as Error | undefined)?.message)}`).not.toContain('hunter2');
    });
  });
}
