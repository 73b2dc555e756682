// `/sdlc triage owner/repo#N` from Slack, end to end: the signed slash command over real HTTP, the dispatch run,
// the built-in issue-triage run (no LLM: keyword rules), GitHub and Slack faked at the HTTP level.
import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { API, example, mockToken, recorder, strictNock } from '../github/helpers.js';
import { BOT_TOKEN, postCommand, SLACK_API, startSlackRig, type SlackRig } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const CHANNEL = 'C2147483705';
const PARENT_TS = '1700000000.000900';

/** The real issue #1 of @octokit/webhooks-examples (the REST issue shape), renumbered and retitled. */
function issue(number: number, text: { title: string; body: string | null }): Record<string, unknown> {
  const found = example('issues', (p) => p.action === 'reopened').issue as Record<string, unknown>;
  const html = `https://github.com/Codertocat/Hello-World/issues/${number}`;
  return { ...found, number, url: `${API}${REPO}/issues/${number}`, html_url: html, ...text };
}

/** The examples' pull request #2 as the issues list shows it (with `pull_request`): never a duplicate candidate. */
function pullRequestAsIssue() {
  return example('issues', (p) => p.action === 'milestoned').issue;
}

/**
 * The repository's labels: the example's real `bug` label, and GitHub's default `documentation`, `enhancement`
 * and `question` labels in the same shape.
 */
function repositoryLabels() {
  const bug = (issue(1, { title: '', body: null }).labels as Record<string, unknown>[])[0]!;
  const like = (id: number, name: string, color: string, description: string) => ({ ...bug, id, url: `https://api.github.com${REPO}/labels/${name}`, name, color, description });
  return [
    bug,
    like(1362934390, 'documentation', '0075ca', 'Improvements or additions to documentation'),
    like(1362934391, 'enhancement', 'a2eeef', 'New feature or request'),
    like(1362934392, 'question', 'd876e3', 'Further information is requested'),
  ];
}

/** Slack's Web API: every post answered with the parent's ts, every update recorded. */
function fakeSlack() {
  const posts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const slack = nock(SLACK_API, { reqheaders: { authorization: `Bearer ${BOT_TOKEN}` } });
  slack
    .post('/api/chat.postMessage', (body: Record<string, unknown>) => posts.push(body) > 0)
    .times(20)
    .optionally()
    .reply(200, { ok: true, channel: CHANNEL, ts: PARENT_TS });
  slack.post('/api/chat.update', (body: Record<string, unknown>) => updates.push(body) > 0).reply(200, { ok: true, channel: CHANNEL, ts: PARENT_TS });
  return { posts, updates };
}

/** The access check finds the installation; the triage run's GitHub steps reuse it (a Slack event carries none). */
function mockInstallation() {
  nock(API).get(`${REPO}/installation`).reply(200, { id: 1 });
  mockToken(1);
}

/** The follower posts after the run has finished: wait (bounded) for the parent's final update. */
async function threadSettled(updates: unknown[]) {
  for (let i = 0; i < 500 && updates.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

let rig: SlackRig;
beforeEach(async () => {
  strictNock();
  rig = await startSlackRig();
});
afterEach(async () => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  await rig.close();
  expect(pending).toEqual([]);
});

it('/sdlc triage owner/repo#N reads the issue from GitHub, labels it by the keyword rules with labels that exist, all in a Slack thread', async () => {
  const { bodies, take } = recorder();
  const labels = repositoryLabels();
  mockInstallation();
  nock(API)
    // The triage context: labels, recent open issues, and the issue itself (a Slack command names it without its text).
    .get(`${REPO}/labels`)
    .query({ per_page: 100 })
    .reply(200, labels)
    .get(`${REPO}/issues`)
    .query({ state: 'open', sort: 'created', direction: 'desc', per_page: 31 })
    .reply(200, [pullRequestAsIssue(), issue(3, { title: 'Crash when the config is empty', body: 'Stack trace attached.' }), issue(1, { title: 'App crashes on startup', body: null })])
    .get(`${REPO}/issues/1`)
    .reply(200, issue(1, { title: 'App crashes on startup', body: 'The docs say it should work.' }))
    // No LLM provider: the keyword rules pick `bug` and `documentation`, both in the repository.
    .get(`${REPO}/labels`)
    .query({ per_page: 100 })
    .reply(200, labels)
    .post(`${REPO}/issues/1/labels`, take('add labels'))
    .reply(200, labels.slice(0, 2));
  const { posts, updates } = fakeSlack();

  const response = await postCommand(rig.url, 'triage Codertocat/Hello-World#1', { trigger_id: 'triage-e2e' });
  expect(response.status).toBe(200);
  await rig.settle();
  const dispatch = (await rig.runs('slack-dispatch')).find((run) => run.idempotencyKey === 'slack:triage-e2e');
  expect(dispatch?.status).toBe('success');
  const triage = (await rig.runs('issue-triage')).find((run) => run.idempotencyKey === 'slack:triage-e2e:issue-triage');
  expect(triage?.error).toBeUndefined();
  expect(triage?.status).toBe('success');
  expect(triage?.event).toMatchObject({ source: 'slack', repo: 'Codertocat/Hello-World', number: 1 });
  expect(bodies.get('add labels')).toEqual([{ labels: ['bug', 'documentation'] }]);
  expect(triage?.outputs).toEqual({ labels: ['bug', 'documentation'], 'keyword-labels': ['bug', 'documentation'], priority: null, duplicates: [], summary: 'Labelled with bug, documentation.' });
  const steps = Object.fromEntries((await rig.runtime.store.getSteps(triage!.id)).map((step) => [step.stepId, step]));
  expect(steps.context?.outputs).toMatchObject({
    issue: { number: 1, title: 'App crashes on startup', body: 'The docs say it should work.' },
    recentIssues: [{ number: 3, title: 'Crash when the config is empty', body: 'Stack trace attached.' }],
  });
  expect(steps['label-ai']?.status).toBe('skipped');

  await threadSettled(updates);
  // The parent in the channel, every later message in its thread, the parent updated with the final status.
  expect(posts[0]).toMatchObject({ channel: CHANNEL });
  expect(posts[0]!.thread_ts).toBeUndefined();
  expect(String(posts[0]!.text)).toContain('issue-triage');
  expect(posts.length).toBeGreaterThan(2);
  expect(new Set(posts.slice(1).map((body) => body.thread_ts))).toEqual(new Set([PARENT_TS]));
  const results = posts.at(-1)!;
  // The results show the run's `summary` output: the labels applied.
  expect(String(results.text)).toMatch(/issue-triage\* succeeded/);
  expect(JSON.stringify(results.blocks)).toContain('Labelled with bug, documentation.');
  expect(JSON.stringify(results.blocks)).toContain(triage!.id);
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({ channel: CHANNEL, ts: PARENT_TS });
  expect(String(updates[0]!.text)).toMatch(/issue-triage\* succeeded/);
});

it('/sdlc triage of an issue that does not exist fails the run saying so, shows the failure in the Slack thread, and labels nothing', async () => {
  mockInstallation();
  // The issue is read first: a wrong number costs no listing of labels or issues (strict nock fails on one).
  nock(API)
    .get(`${REPO}/issues/404`)
    .reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue', status: '404' });
  // No `POST .../labels` is mocked: strict nock would fail a labelling attempt.
  const { posts, updates } = fakeSlack();

  const response = await postCommand(rig.url, 'triage Codertocat/Hello-World#404', { trigger_id: 'triage-missing' });
  expect(response.status).toBe(200);
  await rig.settle();
  const triage = (await rig.runs('issue-triage')).find((run) => run.idempotencyKey === 'slack:triage-missing:issue-triage');
  expect(triage?.status).toBe('failure');
  expect(triage?.error).toBe('step context failed');
  const steps = Object.fromEntries((await rig.runtime.store.getSteps(triage!.id)).map((step) => [step.stepId, step]));
  expect(steps.context?.status).toBe('failure');
  expect(steps.context?.error).toMatch(/reading the issue/);
  expect(steps.context?.error).toMatch(/404|not found/i);
  expect(steps.label?.status).not.toBe('success');

  await threadSettled(updates);
  expect(posts[0]).toMatchObject({ channel: CHANNEL });
  expect(posts[0]!.thread_ts).toBeUndefined();
  const failedStep = posts.find((body) => String(body.text).includes('Read labels and recent issues from GitHub'));
  expect(failedStep).toMatchObject({ thread_ts: PARENT_TS });
  expect(String(failedStep!.text)).toMatch(/failed.*reading the issue/);
  const results = posts.at(-1)!;
  expect(results).toMatchObject({ thread_ts: PARENT_TS });
  expect(String(results.text)).toMatch(/issue-triage\* failed/);
  // The results name the failed step; its reply above carries GitHub's cause.
  expect(JSON.stringify(results.blocks)).toContain('step context failed');
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({ channel: CHANNEL, ts: PARENT_TS });
  expect(String(updates[0]!.text)).toMatch(/issue-triage\* failed/);
});
