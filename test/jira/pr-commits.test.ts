import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import commits from '../fixtures/jira/github-pull-commits.json' with { type: 'json' };
import { prCommitsAction } from '../../src/integrations/github/actions/pr-commits.js';
import { API, TestOctokit, strictNock } from '../github/helpers.js';

beforeEach(strictNock);
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** A page of `count` commits (the documented example, numbered) and the Link header GitHub sends with it. */
function page(from: number, count: number, next?: number) {
  const entries = Array.from({ length: count }, (_, index) => ({ ...structuredClone(commits[0]!), sha: `sha-${from + index}`, commit: { ...commits[0]!.commit, message: `commit ${from + index}` } }));
  const link = next ? { link: `<${API}/repos/acme/api/pulls/7/commits?per_page=100&page=${next}>; rel="next"` } : undefined;
  return [200, entries, link] as const;
}

it('github.pr-commits reads the pages of commits oldest first and stops at 250', async () => {
  nock(API)
    .get('/repos/acme/api/pulls/7/commits').query({ per_page: 100 }).reply(...page(1, 100, 2))
    .get('/repos/acme/api/pulls/7/commits').query({ per_page: 100, page: 2 }).reply(...page(101, 100, 3))
    .get('/repos/acme/api/pulls/7/commits').query({ per_page: 100, page: 3 }).reply(...page(201, 100, 4));
  const action = prCommitsAction({ octokitFor: () => Promise.resolve(new TestOctokit({ auth: 'ghs_test' })), installationFor: () => Promise.resolve(1) });
  const silent = () => undefined;
  const output = await action.run(
    { runId: 'r', workflow: 'w', stepId: 's', attempt: 1 },
    action.input.parse({ repo: 'acme/api', number: 7 }),
    { signal: new AbortController().signal, log: { debug: silent, info: silent, warn: silent, error: silent }, emit: silent },
  );
  expect(output.messages).toHaveLength(250);
  expect(output.messages.slice(0, 2)).toEqual(['commit 1', 'commit 2']);
  expect(output.shas.at(-1)).toBe('sha-250');
  expect(output.truncated).toBe(true);
});
