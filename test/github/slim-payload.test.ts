import { describe, expect, it } from 'vitest';
import { MAX_STORED_TEXT, slimPayload } from '../../src/integrations/github/webhook/slim-payload.js';
import { allExamples, example } from './helpers.js';

describe('slimPayload', () => {
  it('keeps what workflows read of a real pull_request.opened and drops API links, node ids and repo copies', () => {
    const payload = example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);
    const slim = slimPayload(payload) as { pull_request: { head: { repo: unknown } }; repository: unknown };
    expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(payload).length / 6);
    expect(Object.keys(slim).sort()).toEqual(Object.keys(payload).sort());
    expect(slim.pull_request).toMatchObject({
      number: 2,
      title: 'Update the README with new information.',
      html_url: 'https://github.com/Codertocat/Hello-World/pull/2',
      diff_url: 'https://github.com/Codertocat/Hello-World/pull/2.diff',
      head: { ref: 'changes', sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821', user: { login: 'Codertocat' } },
      base: { ref: 'master' },
    });
    expect(slim.pull_request.head.repo).toEqual({
      id: 186853002,
      name: 'Hello-World',
      full_name: 'Codertocat/Hello-World',
      private: false,
      fork: false,
      html_url: 'https://github.com/Codertocat/Hello-World',
      default_branch: 'master',
      owner: { login: 'Codertocat', type: 'User' },
    });
    expect(slim.repository).toMatchObject({ full_name: 'Codertocat/Hello-World', default_branch: 'master', html_url: 'https://github.com/Codertocat/Hello-World' });
    const text = JSON.stringify(slim);
    expect(text).not.toMatch(/"(node_id|_links|url|comments_url|statuses_url)":/);
  });

  it('leaves payloads without a pull request intact apart from links and ids', () => {
    for (const payload of allExamples('issues')) {
      const slim = slimPayload(payload) as { issue?: { number: number; title: string } };
      expect(slim.issue?.number).toBe((payload.issue as { number: number }).number);
      expect(slim.issue?.title).toBe((payload.issue as { title: string }).title);
    }
  });

  it('cuts long free text (bodies, commit messages) to MAX_STORED_TEXT characters and says how much was left out', () => {
    const payload = example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);
    const long = `${'a'.repeat(MAX_STORED_TEXT - 1)}😀${'b'.repeat(60_000)}`;
    (payload.pull_request as { body: string }).body = long;
    const slim = slimPayload(payload) as { pull_request: { body: string; title: string } };
    const kept = 'a'.repeat(MAX_STORED_TEXT - 1);
    expect(slim.pull_request.body).toBe(`${kept}\n\n[… ${long.length - kept.length} more characters not stored by agentic-sdlc]`);
    expect(slim.pull_request.title).toBe('Update the README with new information.');

    const push = example('push', (p) => Array.isArray(p.commits) && p.commits.length > 0);
    const commits = push.commits as { message: string }[];
    commits[0]!.message = 'm'.repeat(100_000);
    const message = (slimPayload(push) as { commits: { message: string }[] }).commits[0]!.message;
    expect(message.startsWith('m'.repeat(MAX_STORED_TEXT))).toBe(true);
    expect(message.length).toBeLessThan(MAX_STORED_TEXT + 100);
  });

  it('keeps text up to MAX_STORED_TEXT characters as it is', () => {
    const payload = example('issue_comment', (p) => p.action === 'created');
    const body = 'x'.repeat(MAX_STORED_TEXT);
    (payload.comment as { body: string }).body = body;
    expect((slimPayload(payload) as { comment: { body: string } }).comment.body).toBe(body);
  });
});
