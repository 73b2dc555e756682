import type { FeedbackStore } from '../engine/ports/feedback-store.js';
import type { RunStore } from '../engine/ports/run-store.js';
import { PostgresFeedbackStore } from './postgres-feedback-store.js';
import { PostgresRunStore } from './postgres-store.js';
import { passwordForms } from './postgres-secrets.js';
import { SqliteFeedbackStore } from './sqlite-feedback-store.js';
import { SqliteRunStore } from './sqlite-store.js';

/**
 * The feedback store beside a run store, on the same connection (the SQLite file, the PostgreSQL pool and
 * schema): one database to back up, one to migrate, and the run store's `close` closes both.
 */
export function feedbackStoreFor(store: RunStore): FeedbackStore {
  if (store instanceof SqliteRunStore) return new SqliteFeedbackStore(store.db);
  if (store instanceof PostgresRunStore) {
    const url = (store.pool.options as { connectionString?: string }).connectionString;
    return new PostgresFeedbackStore(store.pool, store.schema, url ? passwordForms(url) : []);
  }
  throw new Error('review feedback is kept beside the runs, in SQLite or PostgreSQL: this run store is neither (use createRunStore)');
}
