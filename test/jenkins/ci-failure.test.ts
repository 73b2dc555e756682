import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import { stickyBody } from '../../src/integrations/github/rest/sticky-comment.js';
import { markdownToAdf } from '../../src/integrations/jira/adf.js';
import { messageFromMarkdown } from '../../src/integrations/slack/blocks.js';
import { API, example, mockToken, PRIVATE_KEY, strictNock } from '../github/helpers.js';
import { WEBHOOK_TOKEN } from './helpers.js';
import { startJenkinsRig, type JenkinsRig } from './rig.js';

const JIRA = 'https://acme.atlassian.net';
const SLACK = 'http://slack.test';
const SHA = 'c6d86dc654b12425e706bcf951adfe5a8627a517';
const JENKINS_AUTH = `Basic ${Buffer.from('ci-bot:jenkins-api-token-42').toString('base64')}`;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/jenkins/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** A Maven build that failed one test, as its console ends. */
const CONSOLE = [
  'Started by user admin',
  '[INFO] Running com.acme.AdderTest',
  '[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.031 s <<< FAILURE! -- in com.acme.AdderTest',
  '[ERROR] com.acme.AdderTest.addsNegatives -- Time elapsed: 0.004 s <<< FAILURE!',
  'org.opentest4j.AssertionFailedError: expected: <-3> but was: <3>',
  '\tat com.acme.AdderTest.addsNegatives(AdderTest.java:21)',
  '[INFO] BUILD FAILURE',
  'Finished: FAILURE',
  '',
].join('\n');

/** The pull request GitHub lists for the commit: a real `pull_request` object, renumbered. */
function pullForCommit() {
  const pull = example('pull_request', (p) => p.action === 'opened').pull_request as Record<string, unknown> & { head: { ref: string } };
  return { ...pull, number: 7, state: 'open', title: 'ABC-12 Adder handles negative numbers', head: { ...pull.head, ref: 'feature/adder' } };
}

let jenkins: Server;
let jenkinsUrl: string;
let consoleRequests: string[];
let rig: JenkinsRig | undefined;

beforeEach(async () => {
  strictNock();
  consoleRequests = [];
  jenkins = createServer((req, res) => {
    consoleRequests.push(`${req.url} ${req.headers.authorization === JENKINS_AUTH ? 'authorized' : 'anonymous'}`);
    res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'x-text-size': String(Buffer.byteLength(CONSOLE)) }).end(CONSOLE);
  });
  await new Promise<void>((resolve) => jenkins.listen(0, '127.0.0.1', resolve));
  jenkinsUrl = `http://127.0.0.1:${(jenkins.address() as AddressInfo).port}/`;
});
afterEach(async () => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  await rig?.close();
  rig = undefined;
  await new Promise((resolve) => jenkins.close(resolve));
  expect(pending).toEqual([]);
});

const jenkinsConfig = () => ({ webhookToken: WEBHOOK_TOKEN, url: jenkinsUrl, user: 'ci-bot', apiToken: 'jenkins-api-token-42' });
const failedBuild = (extra: Record<string, unknown> = {}) => ({ job: 'app-build', build: 42, status: 'FAILURE', url: `${jenkinsUrl}job/app-build/42/`, commit: SHA, repo: 'acme/app', ...extra });

async function runToEnd(config: Partial<ConfigInput>, build: Record<string, unknown>) {
  rig = await startJenkinsRig(config, {}, { worker: true });
  const answer = await rig.post(build);
  expect(answer.status).toBe(202);
  const [runId] = answer.body.runIds as string[];
  const run = await rig.runtime.engine.waitFor(runId!);
  const steps = Object.fromEntries((await rig.runtime.store.getSteps(runId!)).map((step) => [step.stepId, step]));
  return { run, steps, markdown: (steps.diagnose?.outputs as { markdown: string }).markdown };
}

describe('workflows/ci-failure.yml', () => {
  it('a failed build is diagnosed offline from its console and reported on the PR, the Jira issue and in Slack', async () => {
    const github = nock(API)
      .get('/repos/acme/app/installation')
      .reply(200, { id: 1 })
      .get(`/repos/acme/app/commits/${SHA}/pulls`)
      .query({ per_page: 100 })
      .reply(200, [pullForCommit()])
      .get('/repos/acme/app/issues/7/comments')
      .query({ per_page: 100 })
      .reply(200, []);
    mockToken(1);
    const bodies: Record<string, unknown> = {};
    github.post('/repos/acme/app/issues/7/comments', (body) => ((bodies.github = body), true)).reply(201, { id: 901, html_url: 'https://github.com/acme/app/pull/7#issuecomment-901' });
    nock(JIRA)
      .post('/rest/api/3/issue/ABC-12/comment', (body) => ((bodies.jira = body), true))
      .reply(201, fixture('jira-add-comment.json'));
    nock(SLACK, { reqheaders: { authorization: 'Bearer xoxb-ci-failure-test' } })
      .post('/api/chat.postMessage', (body) => ((bodies.slack = body), true))
      .reply(200, { ...fixture('slack-chat.postMessage.json'), channel: 'C0CIFAIL1' });

    const { run, steps, markdown } = await runToEnd(
      {
        jenkins: jenkinsConfig(),
        github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: 'unused-here' },
        jira: { host: JIRA, email: 'bot@acme.test', apiToken: 'jira-token' },
        slack: { signingSecret: 'slack-signing-secret', botToken: 'xoxb-ci-failure-test', apiUrl: `${SLACK}/api/`, channel: 'C0CIFAIL1', minPostIntervalMs: 0 },
      },
      failedBuild(),
    );

    expect(run.status).toBe('success');
    expect(consoleRequests).toEqual(['/job/app-build/42/logText/progressiveText?start=0 authorized']);
    expect(steps.diagnose?.outputs).toMatchObject({
      failingTests: ['com.acme.AdderTest', 'com.acme.AdderTest.addsNegatives'],
      errorLines: ['org.opentest4j.AssertionFailedError: expected: <-3> but was: <3>', '[INFO] BUILD FAILURE'],
      category: 'test',
      llm: { used: false },
    });
    expect(markdown).toContain('**Failing tests**\n- `com.acme.AdderTest`\n- `com.acme.AdderTest.addsNegatives`');
    expect(bodies.github).toEqual({ body: stickyBody('ci-failure-app-build', markdown) });
    expect(bodies.jira).toEqual({ body: markdownToAdf(markdown) });
    const slack = messageFromMarkdown(markdown);
    expect(bodies.slack).toEqual({ channel: 'C0CIFAIL1', text: slack.text, ...(slack.blocks ? { blocks: JSON.stringify(slack.blocks) } : {}) });
  });

  it('comments on the PR the build names, without asking GitHub which PR has the commit', async () => {
    nock(API)
      .get('/repos/acme/app/installation')
      .reply(200, { id: 1 })
      .get('/repos/acme/app/issues/12/comments')
      .query({ per_page: 100 })
      .reply(200, [])
      .post('/repos/acme/app/issues/12/comments')
      .reply(201, { id: 902, html_url: 'https://github.com/acme/app/pull/12#issuecomment-902' });
    mockToken(1);
    const { run, steps } = await runToEnd(
      { jenkins: jenkinsConfig(), github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: 'unused-here' } },
      failedBuild({ job: 'app/PR-12', commit: undefined, branch: 'PR-12' }),
    );
    expect(run.status).toBe('success');
    expect(steps.pulls?.status).toBe('skipped');
    expect(steps['pr-comment']?.status).toBe('success');
  });

  it('skips every sink whose integration is not configured, and still diagnoses the build', async () => {
    const { run, steps } = await runToEnd({ jenkins: jenkinsConfig() }, failedBuild());
    expect(run.status).toBe('success');
    expect(Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.status]))).toEqual({
      console: 'success',
      diagnose: 'success',
      pulls: 'skipped',
      'pr-comment': 'skipped',
      'issue-keys': 'skipped',
      'jira-comment': 'skipped',
      slack: 'skipped',
    });
  });

  it('reports without the log when JENKINS_URL and its credentials are not set', async () => {
    const { run, steps, markdown } = await runToEnd({ jenkins: { webhookToken: WEBHOOK_TOKEN } }, failedBuild());
    expect(run.status).toBe('success');
    expect(steps.console).toMatchObject({ status: 'failure', error: expect.stringContaining('set JENKINS_URL, JENKINS_USER, JENKINS_API_TOKEN') });
    expect(consoleRequests).toEqual([]);
    expect(markdown).toContain('no failing test or error line recognized in the log');
  });
});
