import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StepError } from '../../src/engine/errors.js';
import { markdownToAdf } from '../../src/integrations/jira/adf.js';

/** The ADF document as nock matches request bodies. */
const adf = (markdown: string) => markdownToAdf(markdown) as unknown as nock.DataMatcherMap;
import {
  API_TOKEN,
  BASIC,
  BEARER,
  HOST,
  cloudConfig,
  commentExample,
  createErrorExample,
  createdExample,
  dataCenterConfig,
  issueWithStatus,
  runJira,
  transitionsExample,
} from './helpers.js';

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

const cloud = () => nock(HOST, { reqheaders: { authorization: BASIC } });

describe('jira.comment', () => {
  it('posts the Markdown as an ADF body with basic auth, and answers with the comment link', async () => {
    const markdown = 'Pull request [acme/api#42](https://github.com/acme/api/pull/42) opened by **mia**';
    cloud()
      .post('/rest/api/3/issue/ABC-1/comment', { body: adf(markdown) })
      .reply(201, commentExample);
    const output = await runJira(cloudConfig(), 'jira.comment', { issue: 'ABC-1', markdown });
    expect(output).toEqual({ comments: [{ issue: 'ABC-1', id: '10000', url: `${HOST}/browse/ABC-1?focusedCommentId=10000` }] });
  });

  it('sends exactly this ADF document for a link and bold text', async () => {
    cloud()
      .post('/rest/api/3/issue/ABC-1/comment', {
        body: {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'PR ' },
                { type: 'text', text: '#42', marks: [{ type: 'link', attrs: { href: 'https://github.com/acme/api/pull/42' } }] },
                { type: 'text', text: ' by ' },
                { type: 'text', text: 'mia', marks: [{ type: 'strong' }] },
              ],
            },
          ],
        },
      })
      .reply(201, commentExample);
    await runJira(cloudConfig(), 'jira.comment', { issue: 'ABC-1', markdown: 'PR [#42](https://github.com/acme/api/pull/42) by **mia**' });
  });

  it('comments on every issue of a list, in order', async () => {
    cloud().post('/rest/api/3/issue/ABC-1/comment').reply(201, commentExample).post('/rest/api/3/issue/OPS-2/comment').reply(201, { ...commentExample, id: '10001' });
    const output = await runJira(cloudConfig(), 'jira.comment', { issue: ['ABC-1', 'OPS-2'], markdown: 'hi' });
    expect((output.comments as { issue: string; id: string }[]).map(({ issue, id }) => `${issue}:${id}`)).toEqual(['ABC-1:10000', 'OPS-2:10001']);
  });

  it('never retries once a comment of a list is posted, so none is posted twice', async () => {
    cloud().post('/rest/api/3/issue/ABC-1/comment').reply(201, commentExample).post('/rest/api/3/issue/OPS-2/comment').reply(503, { errorMessages: ['Service unavailable'] });
    const error = await runJira(cloudConfig(), 'jira.comment', { issue: ['ABC-1', 'OPS-2'], markdown: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).message).toBe(
      'commenting on OPS-2 (POST /rest/api/3/issue/OPS-2/comment): Jira answered 503: Service unavailable (already done: ABC-1)',
    );
    expect((error as StepError).retryable).toBe(false);
  });

  it('uses the personal access token as a bearer token against REST v2 (Data Center), with the Markdown as text', async () => {
    nock('https://jira.acme.internal', { reqheaders: { authorization: BEARER } })
      .post('/rest/api/2/issue/ABC-1/comment', { body: '**done**' })
      .reply(201, commentExample);
    await runJira(dataCenterConfig(), 'jira.comment', { issue: 'ABC-1', markdown: '**done**' });
  });

  it('refuses what is not an issue key before calling Jira', async () => {
    await expect(runJira(cloudConfig(), 'jira.comment', { issue: '../../myself', markdown: 'x' })).rejects.toThrow(/a Jira issue key such as ABC-123/);
  });
});

describe('jira.transition', () => {
  it('lists the transitions, then takes the one leading to the status, whatever the case', async () => {
    cloud()
      .get('/rest/api/3/issue/ABC-1/transitions')
      .reply(200, transitionsExample)
      .post('/rest/api/3/issue/ABC-1/transitions', { transition: { id: '711' } })
      .reply(204);
    const output = await runJira(cloudConfig(), 'jira.transition', { issue: 'ABC-1', to: 'closed' });
    expect(output).toEqual({ changed: true, issues: [{ issue: 'ABC-1', changed: true, status: 'Closed' }] });
  });

  it('matches a transition by its own name too', async () => {
    cloud().get('/rest/api/3/issue/ABC-1/transitions').reply(200, transitionsExample).post('/rest/api/3/issue/ABC-1/transitions', { transition: { id: '2' } }).reply(204);
    await runJira(cloudConfig(), 'jira.transition', { issue: 'ABC-1', to: 'Close Issue' });
  });

  it('takes the configured status when `to` is empty', async () => {
    cloud().get('/rest/api/3/issue/ABC-1/transitions').reply(200, transitionsExample).post('/rest/api/3/issue/ABC-1/transitions', { transition: { id: '2' } }).reply(204);
    const config = cloudConfig({ statuses: { inReview: 'In Progress', done: 'Closed' } });
    const output = await runJira(config, 'jira.transition', { issue: 'ABC-1', to: '', status: 'in-review' });
    expect(output.changed).toBe(true);
  });

  it('succeeds without a change when the issue already has the status', async () => {
    cloud().get('/rest/api/3/issue/ABC-1/transitions').reply(200, transitionsExample).get('/rest/api/3/issue/ABC-1').query({ fields: 'status' }).reply(200, issueWithStatus('In Review'));
    const output = await runJira(cloudConfig(), 'jira.transition', { issue: 'ABC-1', to: 'In Review' });
    expect(output).toEqual({ changed: false, issues: [{ issue: 'ABC-1', changed: false, status: 'In Review' }] });
  });

  it('fails listing the available transitions when none leads to the status', async () => {
    cloud().get('/rest/api/3/issue/ABC-1/transitions').reply(200, transitionsExample).get('/rest/api/3/issue/ABC-1').query({ fields: 'status' }).reply(200, issueWithStatus('Open'));
    const error = (await runJira(cloudConfig(), 'jira.transition', { issue: 'ABC-1', to: 'In Review' }).catch((caught: unknown) => caught)) as StepError;
    expect(error.message).toBe(
      'jira.transition: ABC-1 cannot move to "In Review" from "Open": available transitions: "Close Issue" (to In Progress), "QA Review" (to Closed). Check the status name (jira.statuses in the configuration, or the workflow\'s inputs)',
    );
    expect(error.retryable).toBe(false);
  });
});

describe('jira.create-issue', () => {
  it('creates the issue with an ADF description and labels, and answers with its key and browse URL', async () => {
    cloud()
      .post('/rest/api/3/issue', {
        fields: {
          project: { key: 'ED' },
          issuetype: { name: 'Bug' },
          summary: 'Main order flow broken',
          description: adf('Order entry fails when selecting **supplier**.'),
          labels: ['bugfix', 'blitz_test'],
        },
      })
      .reply(201, createdExample);
    const output = await runJira(cloudConfig(), 'jira.create-issue', {
      project: 'ED',
      type: 'Bug',
      summary: 'Main order flow broken',
      description: 'Order entry fails when selecting **supplier**.',
      labels: ['bugfix', 'blitz_test'],
    });
    expect(output).toEqual({ key: 'ED-24', id: '10000', url: `${HOST}/browse/ED-24` });
  });

  it("surfaces Jira's errorMessages and field errors with the call and the status, never the token", async () => {
    cloud()
      .post('/rest/api/3/issue')
      .reply(400, createErrorExample)
      .post('/rest/api/3/issue')
      .reply(400, { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } });
    const input = { project: 'ED', type: 'Bug', summary: 'x' };
    const first = (await runJira(cloudConfig(), 'jira.create-issue', input).catch((caught: unknown) => caught)) as StepError;
    expect(first.message).toBe("creating a Bug in ED (REST v3) (POST /rest/api/3/issue): Jira answered 400: Field 'priority' is required");
    expect(first.retryable).toBe(false);
    const second = (await runJira(cloudConfig(), 'jira.create-issue', input).catch((caught: unknown) => caught)) as StepError;
    expect(second.message).toContain('Jira answered 400: summary: You must specify a summary of the issue.');
    for (const error of [first, second]) {
      const everything = JSON.stringify({ message: error.message, cause: error.cause, stack: error.stack, own: { ...error } });
      expect(everything).not.toContain(API_TOKEN);
      expect(everything).not.toContain(BASIC.slice('Basic '.length));
      expect(error.cause).toBeUndefined();
    }
  });

  it('says which credentials to check on a 401, and retries a 5xx', async () => {
    cloud().post('/rest/api/3/issue').reply(401, '').post('/rest/api/3/issue').reply(502, '');
    const input = { project: 'ED', summary: 'x' };
    const denied = (await runJira(cloudConfig(), 'jira.create-issue', input).catch((caught: unknown) => caught)) as StepError;
    expect(denied.message).toMatch(/Jira answered 401.*check JIRA_EMAIL and JIRA_API_TOKEN, or JIRA_PAT/);
    const down = (await runJira(cloudConfig(), 'jira.create-issue', input).catch((caught: unknown) => caught)) as StepError;
    expect(down.retryable).toBe(true);
  });
});

describe('cancellation', () => {
  it("aborts the request in flight when the step's signal fires", async () => {
    cloud().post('/rest/api/3/issue/ABC-1/comment').delay(60_000).reply(201, commentExample);
    const controller = new AbortController();
    const pending = runJira(cloudConfig(), 'jira.comment', { issue: 'ABC-1', markdown: 'x' }, controller.signal);
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toThrow('commenting on ABC-1 (POST /rest/api/3/issue/ABC-1/comment): cancelled');
  });
});

describe('jira.link', () => {
  it('creates the remote link under a global id from the URL, and a re-run sends the same id (Jira updates it)', async () => {
    const url = 'https://github.com/acme/api/pull/42';
    const body = { globalId: `agentic-sdlc:${url}`, object: { url, title: 'acme/api#42: Fix login' } };
    cloud()
      .post('/rest/api/3/issue/ABC-1/remotelink', body)
      .reply(201, { id: 10000, self: `${HOST}/rest/api/3/issue/ABC-1/remotelink/10000` })
      .post('/rest/api/3/issue/ABC-1/remotelink', body)
      .reply(200, { id: 10000, self: `${HOST}/rest/api/3/issue/ABC-1/remotelink/10000` });
    const input = { issue: 'ABC-1', url, title: 'acme/api#42: Fix login' };
    const first = await runJira(cloudConfig(), 'jira.link', input);
    const again = await runJira(cloudConfig(), 'jira.link', input);
    expect(first).toEqual({ globalId: body.globalId, links: [{ issue: 'ABC-1', id: 10000 }] });
    expect(again).toEqual(first);
  });
});

describe('jira.issue-keys', () => {
  it('finds the keys of the configured projects without calling Jira', async () => {
    const output = await runJira(cloudConfig({ projectKeys: ['ABC'] }), 'jira.issue-keys', { title: 'ABC-1 UTF-8', branch: 'ABC-2-x', commits: ['OPS-3'] });
    expect(output).toEqual({ keys: ['ABC-1', 'ABC-2'], found: true });
  });
});

describe('without Jira configured', () => {
  it('each calling action fails naming the variables to set, and never retries', async () => {
    const unconfigured = cloudConfig({ apiToken: undefined });
    for (const [name, input] of [
      ['jira.comment', { issue: 'ABC-1', markdown: 'x' }],
      ['jira.transition', { issue: 'ABC-1', to: 'Done' }],
      ['jira.create-issue', { project: 'ABC', summary: 'x' }],
      ['jira.link', { issue: 'ABC-1', url: 'https://example.com', title: 'x' }],
    ] as const) {
      const error = (await runJira(unconfigured, name, input).catch((caught: unknown) => caught)) as StepError;
      expect(error.message).toBe(
        `${name}: Jira is not configured: set JIRA_HOST, with JIRA_EMAIL and JIRA_API_TOKEN for Jira Cloud or JIRA_PAT (a personal access token) for Jira Data Center; see docs/jira.md`,
      );
      expect(error.retryable).toBe(false);
    }
  });
});
