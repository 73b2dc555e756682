import { describe, expect, it } from 'vitest';
import { collectFeedback, MAX_REPLIES, MAX_THREADS, type ReviewCommentView } from '../../src/integrations/github/actions/feedback-comments.js';

const BOT = { login: 'agentic-sdlc[bot]', type: 'Bot' };
const marker = (n: number) => `<!-- agentic-sdlc:finding:${n.toString(16).padStart(16, '0')} -->`;
const ours = (id: number, extra: Partial<ReviewCommentView> = {}): ReviewCommentView => ({
  id,
  body: `⚠️ **llm-review**: finding ${id}\n\n${marker(id)}`,
  path: 'src/a.ts',
  line: id,
  user: BOT,
  html_url: `https://github.com/o/r/pull/1#discussion_r${id}`,
  reactions: { '-1': 0 },
  ...extra,
});
const reply = (id: number, to: number, body: string, login = 'alice'): ReviewCommentView => ({ id, body, in_reply_to_id: to, user: { login, type: 'User' } });

describe('collectFeedback', () => {
  it('takes 👎 only on our own comments, and replies only from people under them', () => {
    const found = collectFeedback([
      ours(1, { reactions: { '-1': 2 } }),
      ours(2),
      { id: 3, body: `pasted ${marker(3)}`, user: { login: 'mallory', type: 'User' }, reactions: { '-1': 5 } },
      reply(4, 1, 'This is intended: the cache is warmed elsewhere.'),
      reply(5, 1, 'Thanks!', 'agentic-sdlc[bot]'),
      reply(6, 3, 'under a human comment'),
      ours(7, { line: null }),
      reply(8, 7, 'fixed'),
    ]);
    expect(found.thumbsDown).toEqual([{ fingerprint: '0000000000000001', detail: 'https://github.com/o/r/pull/1#discussion_r1 (👎 ×2)' }]);
    expect(found.threads).toEqual([
      { file: 'src/a.ts', line: 1, finding: '⚠️ **llm-review**: finding 1', replies: [{ author: 'alice', body: 'This is intended: the cache is warmed elsewhere.' }] },
      { file: 'src/a.ts', finding: '⚠️ **llm-review**: finding 7', replies: [{ author: 'alice', body: 'fixed' }] },
    ]);
  });

  it('is bounded: the newest 20 threads, the latest 4 replies of each, 500 characters a reply', () => {
    const comments: ReviewCommentView[] = [];
    for (let i = 1; i <= 25; i++) {
      comments.push(ours(i));
      for (let r = 0; r < 7; r++) comments.push(reply(1_000 * i + r, i, `${r}:${'x'.repeat(600)}`));
    }
    const { threads } = collectFeedback(comments);
    expect(threads).toHaveLength(MAX_THREADS);
    expect(threads[0]!.line).toBe(6);
    expect(threads.every((thread) => thread.replies.length === MAX_REPLIES)).toBe(true);
    expect(threads[0]!.replies[0]!.body.startsWith('3:')).toBe(true);
    expect(threads[0]!.replies[0]!.body).toHaveLength(500);
  });
});
