import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedbackLimitError, MAX_LEARNED, MAX_LEARNED_LENGTH, type FeedbackStore, type Suppression } from '../../src/engine/ports/feedback-store.js';

/**
 * What every FeedbackStore promises, run against each adapter (SQLite, PostgreSQL): the review workflow and
 * the `/sdlc learn|learned|forget` actions rely on these and nothing adapter-specific. Each test gets a fresh,
 * empty store.
 */

export interface FeedbackStoreUnderTest {
  store: FeedbackStore;
  /** A second store on the same database, standing in for another process (PostgreSQL: another pool). */
  other?: FeedbackStore;
  cleanup(): Promise<void>;
}

const thumbsDown = (fingerprint: string, at: number): Suppression => ({ fingerprint, reason: 'thumbs-down', detail: 'https://github.com/o/r/pull/1#discussion_r1 by @alice', at });

export function feedbackStoreContract(name: string, make: () => Promise<FeedbackStoreUnderTest>): void {
  describe(`${name} (feedback store contract)`, () => {
    let subject: FeedbackStoreUnderTest;
    let store: FeedbackStore;
    beforeEach(async () => {
      subject = await make();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('numbers learned instructions in order, per repository, with the repository compared case-insensitively', async () => {
      expect(await store.addInstruction('Octo/Repo', '  Prefer Result types  ', 'alice', 1)).toBe(1);
      expect(await store.addInstruction('octo/repo', 'No default exports', 'bob', 2)).toBe(2);
      expect(await store.addInstruction('octo/other', 'Tabs', 'carol', 3)).toBe(1);
      expect(await store.listInstructions('OCTO/REPO')).toEqual([
        { number: 1, text: 'Prefer Result types', author: 'alice', at: 1 },
        { number: 2, text: 'No default exports', author: 'bob', at: 2 },
      ]);
      expect((await store.listInstructions('octo/other')).map((line) => line.text)).toEqual(['Tabs']);
      expect(await store.listInstructions('octo/none')).toEqual([]);
    });

    it('forgetting instruction n returns its text and renumbers the rest; a number out of range removes nothing', async () => {
      for (const [i, text] of ['one', 'two', 'three'].entries()) await store.addInstruction('o/r', text, 'alice', i);
      expect(await store.removeInstruction('o/r', 2)).toBe('two');
      expect((await store.listInstructions('o/r')).map((line) => [line.number, line.text])).toEqual([
        [1, 'one'],
        [2, 'three'],
      ]);
      for (const bad of [0, -1, 3, 1.5, Number.NaN]) expect(await store.removeInstruction('o/r', bad)).toBeUndefined();
      expect(await store.removeInstruction('o/other', 1)).toBeUndefined();
      expect(await store.listInstructions('o/r')).toHaveLength(2);
    });

    it('refuses an empty, an over-long, or a 51st instruction with a message that says what to do', async () => {
      await expect(store.addInstruction('o/r', '   ', 'alice', 1)).rejects.toThrow(new FeedbackLimitError('a learned instruction cannot be empty: write the instruction after the command'));
      await expect(store.addInstruction('o/r', 'x'.repeat(MAX_LEARNED_LENGTH + 1), 'alice', 1)).rejects.toThrow(/at most 500 characters \(this one has 501\): shorten it/);
      expect(await store.addInstruction('o/r', 'x'.repeat(MAX_LEARNED_LENGTH), 'alice', 1)).toBe(1);
      for (let i = 2; i <= MAX_LEARNED; i++) await store.addInstruction('o/r', `rule ${i}`, 'alice', i);
      await expect(store.addInstruction('o/r', 'one too many', 'alice', 99)).rejects.toThrow(/already has 50 learned instructions, the most it may have: forget one first/);
      expect(await store.listInstructions('o/r')).toHaveLength(MAX_LEARNED);
      await store.removeInstruction('o/r', 1);
      expect(await store.addInstruction('o/r', 'room again', 'alice', 100)).toBe(MAX_LEARNED);
    });

    it('two writers adding at once never pass the limit', async () => {
      const other = subject.other ?? store;
      for (let i = 1; i <= MAX_LEARNED - 10; i++) await store.addInstruction('o/r', `rule ${i}`, 'alice', i);
      const racers = Array.from({ length: 30 }, (_, i) => (i % 2 ? other : store).addInstruction('o/r', `race ${i}`, 'bob', 100 + i));
      const results = await Promise.allSettled(racers);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
      expect(await store.listInstructions('o/r')).toHaveLength(MAX_LEARNED);
    });

    it('remembers a suppressed fingerprint once, per repository, keeping the first reason', async () => {
      expect(await store.addSuppression('Octo/Repo', thumbsDown('0123456789abcdef', 10))).toBe(true);
      expect(await store.addSuppression('octo/repo', { fingerprint: '0123456789abcdef', reason: 'resolved-unchanged', detail: 'again', at: 11 })).toBe(false);
      expect(await store.addSuppression('octo/repo', { fingerprint: 'fedcba9876543210', reason: 'resolved-unchanged', detail: 'thread 7 by @bob', at: 12 })).toBe(true);
      expect(await store.hasSuppression('OCTO/repo', '0123456789abcdef')).toBe(true);
      expect(await store.hasSuppression('octo/other', '0123456789abcdef')).toBe(false);
      expect(await store.listSuppressions('octo/repo')).toEqual([
        { fingerprint: 'fedcba9876543210', reason: 'resolved-unchanged', detail: 'thread 7 by @bob', at: 12 },
        thumbsDown('0123456789abcdef', 10),
      ]);
      expect(await store.listSuppressions('octo/other')).toEqual([]);
    });

    it('keeps at most 1,000 suppressions per repository, forgetting the oldest', async () => {
      for (let i = 0; i < 1_002; i++) await store.addSuppression('o/r', thumbsDown(i.toString(16).padStart(16, '0'), i));
      const kept = await store.listSuppressions('o/r');
      expect(kept).toHaveLength(1_000);
      expect(kept[0]?.at).toBe(1_001);
      expect(await store.hasSuppression('o/r', '0'.repeat(16))).toBe(false);
      expect(await store.hasSuppression('o/r', '2'.padStart(16, '0'))).toBe(true);
    });
  });
}
