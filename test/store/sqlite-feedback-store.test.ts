import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { feedbackStoreFor } from '../../src/store/create-feedback-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { feedbackStoreContract } from './feedback-store-contract.js';

feedbackStoreContract('SqliteFeedbackStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-feedback-'));
  const runs = new SqliteRunStore(join(dir, 'state.db'));
  const second = new SqliteRunStore(join(dir, 'state.db'));
  return Promise.resolve({
    store: feedbackStoreFor(runs),
    other: feedbackStoreFor(second),
    async cleanup() {
      await runs.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

it('the feedback survives reopening the state file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-feedback-'));
  try {
    const first = new SqliteRunStore(join(dir, 'state.db'));
    await feedbackStoreFor(first).addInstruction('o/r', 'Prefer Result types', 'alice', 1);
    await first.close();
    const again = new SqliteRunStore(join(dir, 'state.db'));
    expect((await feedbackStoreFor(again).listInstructions('o/r')).map((line) => line.text)).toEqual(['Prefer Result types']);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
