import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { feedbackStoreFor } from '../../src/store/create-feedback-store.js';
import { PostgresRunStore } from '../../src/store/postgres-store.js';
import { requirePostgres } from '../helpers/services.js';
import { feedbackStoreContract } from './feedback-store-contract.js';

/** The PostgreSQL feedback store against a real server, each test in its own schema; two pools stand in for two processes. */

const url = await requirePostgres();
const admin = url ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
afterAll(async () => {
  await admin?.end();
});

if (url) {
  feedbackStoreContract('PostgresFeedbackStore', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const runs = await PostgresRunStore.connect(url, { schema });
    const second = await PostgresRunStore.connect(url, { schema });
    return {
      store: feedbackStoreFor(runs),
      other: feedbackStoreFor(second),
      async cleanup() {
        await runs.close();
        await second.close();
        await admin!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      },
    };
  });
}
