import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedbackActions } from '../../src/actions/feedback/index.js';
import type { AnyAction } from '../../src/engine/action.js';
import type { FeedbackStore } from '../../src/engine/ports/feedback-store.js';
import { feedbackStoreFor } from '../../src/store/create-feedback-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { testContext, testTools } from '../llm/helpers.js';

// Assembled at run time so no committed line looks like a real credential.
const TOKEN = ['ghp', '_', 'R3alL00kingT0kenValue1234567890abcdEF'].join('');
const CONFIGURED = 'correct-horse-battery-staple';

let runs: SqliteRunStore;
let feedback: FeedbackStore;
let actions: Map<string, AnyAction>;
beforeEach(() => {
  runs = new SqliteRunStore(':memory:');
  feedback = feedbackStoreFor(runs);
  actions = new Map(createFeedbackActions({ feedback, knownSecrets: [CONFIGURED], now: () => 42 }).map((action) => [action.name, action]));
});
afterEach(async () => {
  await runs.close();
});

async function call(name: string, input: Record<string, unknown>) {
  const action = actions.get(name)!;
  return action.output.parse(await action.run(testContext(), action.input.parse(input), testTools())) as { reply: string; number?: number; forgotten?: string };
}

describe('feedback.learn, feedback.learned, feedback.forget', () => {
  it('masks secrets in learned text before it is stored: token formats and configured values', async () => {
    const { reply, number } = await call('feedback.learn', { repo: 'o/r', text: `Never log ${TOKEN} nor ${CONFIGURED}`, author: 'alice' });
    expect(number).toBe(1);
    const [stored] = await feedback.listInstructions('o/r');
    expect(stored).toEqual({ number: 1, text: 'Never log [REDACTED] nor [REDACTED]', author: 'alice', at: 42 });
    expect(reply).toMatch(/^Learned #1 \(2 secrets masked before storing\): Never log \\\[REDACTED\\\] nor \\\[REDACTED\\\]/);
    expect(reply).not.toContain(TOKEN);
  });

  it('answers a usage line for empty text or a bad number, and says why a limit refused the line', async () => {
    expect((await call('feedback.learn', { repo: 'o/r', text: '  ' })).reply).toBe(
      'Usage: `/sdlc learn <instruction for future reviews>`, for example `/sdlc learn Prefer Result types over exceptions`.',
    );
    for (const number of ['', 'one', '0', '-1', '1.5', 7_000_000]) {
      expect((await call('feedback.forget', { repo: 'o/r', number })).reply).toBe('Usage: `/sdlc forget <n>`, where n is the number `/sdlc learned` shows.');
    }
    expect((await call('feedback.forget', { repo: 'o/r', number: '3' })).reply).toBe('There is no learned instruction #3: this repository has 0. `/sdlc learned` lists them.');
    expect((await call('feedback.learn', { repo: 'o/r', text: 'x'.repeat(501) })).reply).toBe(
      'Not learned: a learned instruction holds at most 500 characters (this one has 501): shorten it.',
    );
  });

  it('shows learned text escaped: a mention pings nobody, Markdown does not break the list', async () => {
    await call('feedback.learn', { repo: 'o/r', text: 'Ask @octo-team about *config*', author: 'alice' });
    expect((await call('feedback.learned', { repo: 'O/R' })).reply).toBe(
      'Learned instructions for this repository (1); `/sdlc forget <n>` removes one:\n\n1. Ask @&#8203;octo-team about \\*config\\* (@&#8203;alice)',
    );
    expect(await call('feedback.forget', { repo: 'o/r', number: 1 })).toEqual({ reply: 'Forgot #1: Ask @&#8203;octo-team about \\*config\\*', forgotten: 'Ask @octo-team about *config*' });
  });

  it('refuses a repository that is not owner/name', () => {
    expect(actions.get('feedback.learned')!.input.safeParse({ repo: '' }).error?.message).toMatch(/expected `owner\/name`/);
  });
});
