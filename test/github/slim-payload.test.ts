import { describe, expect, it } from 'vitest';
import { slimPayload } from '../../src/triggers/github/slim-payload.js';
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
});
