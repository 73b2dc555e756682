import nock from 'nock';
import { describe, expect, it } from 'vitest';
import commits from '../fixtures/jira/github-pull-commits.json' with { type: 'json' };
import { API, createRig, example, mockRepoConfig, mockToken, recorder, strictNock, type Rig } from '../github/helpers.js';
import { BASIC, EMAIL, API_TOKEN, HOST, commentExample, transitionsExample } from './helpers.js';

const PR_URL = 'https://github.com/Codertocat/Hello-World/pull/2';
const TITLE = 'ABC-1: Update the README with new information.';
/** Only jira-sync runs: the review would make GitHub calls of its own. */
const ONLY_JIRA_SYNC = 'workflows:\n  pr-review:\n    enabled: false\n';

/** A real `pull_request` delivery from @octokit/webhooks-examples whose title names ABC-1. */
function delivery(action: 'opened' | 'closed', merged = false) {
  const payload = example('pull_request', (p) => p.action === action && p.installation !== undefined);
  const pr = payload.pull_request as { title: string; merged: boolean };
  pr.title = TITLE;
  // The examples hold no merged `closed` delivery; GitHub sends the same payload with `merged: true`.
  pr.merged = merged;
  return payload;
}

/** The PR's one commit (GitHub's documented example), whose message names OPS-2. */
function mockCommits() {
  const listed = structuredClone(commits);
  listed[0]!.commit.message = 'Fix all the bugs\n\nRefs OPS-2';
  return nock(API).get('/repos/Codertocat/Hello-World/pulls/2/commits').query({ per_page: 100 }).reply(200, listed);
}

async function withRig(jira: Record<string, unknown> | undefined, test: (rig: Rig) => Promise<void>) {
  strictNock();
  const rig = await createRig(jira ? { jira } : {});
  try {
    await test(rig);
    expect(nock.pendingMocks()).toEqual([]);
  } finally {
    nock.cleanAll();
    await rig.cleanup();
  }
}

const jiraSettings = { host: HOST, email: EMAIL, apiToken: API_TOKEN, statuses: { inReview: 'In Progress' } };

describe('workflows/jira-sync.yml', () => {
  it('an opened PR comments on, links and moves every issue its title and commits name', () =>
    withRig(jiraSettings, async (rig) => {
      const { bodies, take } = recorder();
      mockToken();
      mockRepoConfig(ONLY_JIRA_SYNC);
      mockCommits();
      const jira = nock(HOST, { reqheaders: { authorization: BASIC } });
      for (const key of ['ABC-1', 'OPS-2']) {
        jira
          .post(`/rest/api/3/issue/${key}/comment`, take(`comment ${key}`))
          .reply(201, commentExample)
          .post(`/rest/api/3/issue/${key}/remotelink`, take(`link ${key}`))
          .reply(201, { id: 10000, self: `${HOST}/rest/api/3/issue/${key}/remotelink/10000` })
          .get(`/rest/api/3/issue/${key}/transitions`)
          .reply(200, transitionsExample)
          .post(`/rest/api/3/issue/${key}/transitions`, take(`transition ${key}`))
          .reply(204);
      }

      await rig.receive('pull_request', delivery('opened'), 'delivery-jira-opened');
      await rig.settle();

      const [run] = await rig.runs('jira-sync');
      expect(run?.status).toBe('success');
      expect(run?.outputs?.keys).toEqual(['ABC-1', 'OPS-2']);
      const comment = {
        body: {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'Pull request ' },
                { type: 'text', text: 'Codertocat/Hello-World#2', marks: [{ type: 'link', attrs: { href: PR_URL } }] },
                { type: 'text', text: ' opened by ' },
                { type: 'text', text: 'Codertocat', marks: [{ type: 'strong' }] },
                { type: 'text', text: `: ${TITLE}` },
              ],
            },
          ],
        },
      };
      const link = { globalId: `agentic-sdlc:${PR_URL}`, object: { url: PR_URL, title: `Codertocat/Hello-World#2: ${TITLE}` } };
      for (const key of ['ABC-1', 'OPS-2']) {
        expect(bodies.get(`comment ${key}`)).toEqual([comment]);
        expect(bodies.get(`link ${key}`)).toEqual([link]);
        // "In Progress" (the configured in-review status) is where transition 2 leads.
        expect(bodies.get(`transition ${key}`)).toEqual([{ transition: { id: '2' } }]);
      }
    }));

  it("a merged PR moves its issues to the done status, here a repository's own input", () =>
    withRig(jiraSettings, async (rig) => {
      mockToken();
      mockRepoConfig(`${ONLY_JIRA_SYNC}  jira-sync:\n    inputs:\n      done: closed\n`);
      mockCommits();
      const jira = nock(HOST, { reqheaders: { authorization: BASIC } });
      for (const key of ['ABC-1', 'OPS-2']) {
        jira.get(`/rest/api/3/issue/${key}/transitions`).reply(200, transitionsExample).post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: '711' } }).reply(204);
      }

      await rig.receive('pull_request', delivery('closed', true));
      await rig.settle();

      const [run] = await rig.runs('jira-sync');
      expect(run?.status).toBe('success');
      expect(run?.outputs?.moved).toEqual([
        { issue: 'ABC-1', changed: true, status: 'Closed' },
        { issue: 'OPS-2', changed: true, status: 'Closed' },
      ]);
    }));

  it('a PR closed without merging changes nothing in Jira', () =>
    withRig(jiraSettings, async (rig) => {
      mockToken();
      mockRepoConfig(ONLY_JIRA_SYNC);
      mockCommits();
      await rig.receive('pull_request', delivery('closed', false));
      await rig.settle();
      expect((await rig.runs('jira-sync'))[0]?.status).toBe('success');
    }));

  it('without Jira configured a PR event starts no jira-sync run (the built-in workflow is dormant)', () =>
    withRig(undefined, async (rig) => {
      mockToken();
      mockRepoConfig(ONLY_JIRA_SYNC);
      await rig.receive('pull_request', delivery('opened'));
      await rig.settle();
      expect(await rig.runs('jira-sync')).toEqual([]);
      // Dormant only: it still loads, so `agentic-sdlc run jira-sync` and `uses: jira.*` validate.
      expect(rig.runtime.workflows.has('jira-sync')).toBe(true);
    }));

  it('run by hand without Jira configured, every step is skipped and neither GitHub nor Jira is called', () =>
    withRig(undefined, async (rig) => {
      const workflow = rig.runtime.workflows.get('jira-sync')!;
      const event = { source: 'github', event: 'pull_request', action: 'opened', repo: 'Codertocat/Hello-World', number: 2, deliveryId: 'by-hand', payload: delivery('opened') };
      const { run } = await rig.runtime.engine.submit(workflow, { event });
      const done = await rig.runtime.engine.waitFor(run.id);
      expect(done.status).toBe('success');
      expect(done.outputs?.keys ?? null).toBeNull();
      expect(new Set((await rig.runtime.store.getSteps(run.id)).map((step) => step.status))).toEqual(new Set(['skipped']));
    }));
});
