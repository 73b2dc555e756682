import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/engine/action.js';
import { API, example, mockToken, useRig, type Rig } from '../github/helpers.js';

const SHA = 'c6d86dc654b12425e706bcf951adfe5a8627a517';
const pull = (number: number, state: string, ref: string) => {
  const real = example('pull_request', (p) => p.action === 'opened').pull_request as Record<string, unknown> & { head: Record<string, unknown> };
  return { ...real, number, state, title: `PR ${number}`, head: { ...real.head, ref } };
};

let rig: Rig;
useRig((created) => (rig = created), {}, { start: false, load: false });

async function commitPulls(input: Record<string, unknown>, event: ActionContext['event']) {
  const action = rig.runtime.actions.get('github.commit-pulls')!;
  const noop = () => {};
  const ctx: ActionContext = { runId: 'r1', workflow: 'ci-failure', stepId: 'pulls', attempt: 1, event };
  return action.run(ctx, action.input.parse(input), { signal: new AbortController().signal, log: { debug: noop, info: noop, warn: noop, error: noop }, emit: noop });
}

describe('github.commit-pulls', () => {
  it('finds the installation from the repository of a non-GitHub event and lists open pull requests first', async () => {
    nock(API)
      .get('/repos/acme/app/installation')
      .reply(200, { id: 1 })
      .get(`/repos/acme/app/commits/${SHA}/pulls`)
      .query({ per_page: 100 })
      .reply(200, [pull(3, 'closed', 'old'), pull(8, 'open', 'feature/ABC-9'), pull(5, 'closed', 'older')]);
    mockToken(1);
    const out = await commitPulls({ sha: SHA }, { source: 'jenkins', event: 'build', repo: 'acme/app' });
    expect(out).toEqual({ number: 8, numbers: [8, 3, 5], title: 'PR 8', branch: 'feature/ABC-9' });
  });

  it('answers no number when the commit is in no pull request', async () => {
    nock(API).get('/repos/acme/app/installation').reply(200, { id: 1 }).get(`/repos/acme/app/commits/${SHA}/pulls`).query({ per_page: 100 }).reply(200, []);
    mockToken(1);
    expect(await commitPulls({ sha: SHA, repo: 'acme/app' }, undefined)).toEqual({ numbers: [] });
  });

  it('refuses what is not a commit SHA before calling GitHub', () => {
    const input = rig.runtime.actions.get('github.commit-pulls')!.input;
    expect(() => void input.parse({ sha: 'main; rm -rf' })).toThrow('a commit SHA (7 to 64 hex digits)');
  });
});
