import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { API, mockToken, recorder, strictNock } from '../github/helpers.js';
import { BOT_TOKEN, postCommand, SLACK_API, startSlackRig, type SlackRig } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const CHANNEL = 'C2147483705';
const PARENT_TS = '1700000000.000900';
const FILES = [
  {
    filename: 'src/app.js',
    status: 'modified',
    additions: 2,
    deletions: 1,
    changes: 3,
    patch: '@@ -1,3 +1,4 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n+console.log("debug", b);\n module.exports = a;',
  },
];

let rig: SlackRig;
beforeAll(async () => {
  strictNock();
  rig = await startSlackRig();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(async () => {
  await rig.close();
});

it('/sdlc review owner/repo#N runs the built-in pr-review on that pull request: check run, diff, comment, review, all in a Slack thread', async () => {
  const { bodies, take } = recorder();
  // The access check finds the installation; pr-review's GitHub steps then reuse it (no payload installation from Slack).
  nock(API).get(`${REPO}/installation`).reply(200, { id: 1 });
  mockToken(1);
  nock(API)
    .get(`${REPO}/pulls/2`)
    .reply(200, { number: 2, head: { sha: HEAD } })
    .post(`${REPO}/check-runs`, take('create check'))
    .reply(201, { id: 77, html_url: 'https://github.com/checks/77' })
    .get(`${REPO}/pulls/2/files`)
    .query({ per_page: 100 })
    .reply(200, FILES)
    .get(`${REPO}/issues/2/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .post(`${REPO}/issues/2/comments`, take('create comment'))
    .reply(201, { id: 501, html_url: 'https://github.com/c/501' })
    // Twice: the feedback step (👎 and replies on earlier comments), then the review step (duplicates).
    .get(`${REPO}/pulls/2/comments`)
    .query({ per_page: 100 })
    .times(2)
    .reply(200, [])
    .post(`${REPO}/pulls/2/reviews`, take('create review'))
    .reply(200, { id: 900 })
    .patch(`${REPO}/check-runs/77`, take('update check'))
    .reply(200, { id: 77, html_url: 'https://github.com/checks/77' });
  const slackPosts: Record<string, unknown>[] = [];
  const slackUpdates: Record<string, unknown>[] = [];
  const slack = nock(SLACK_API, { reqheaders: { authorization: `Bearer ${BOT_TOKEN}` } });
  slack
    .post('/api/chat.postMessage', (body: Record<string, unknown>) => slackPosts.push(body) > 0)
    .times(20)
    .optionally()
    .reply(200, { ok: true, channel: CHANNEL, ts: PARENT_TS });
  slack.post('/api/chat.update', (body: Record<string, unknown>) => slackUpdates.push(body) > 0).reply(200, { ok: true, channel: CHANNEL, ts: PARENT_TS });

  const response = await postCommand(rig.url, 'review https://github.com/Codertocat/Hello-World/pull/2', { trigger_id: 'review-e2e' });
  expect(response.status).toBe(200);
  await rig.settle();
  const review = (await rig.runs('pr-review')).find((run) => run.idempotencyKey === 'slack:review-e2e:pr-review');
  expect(review?.error).toBeUndefined();
  expect(review?.status).toBe('success');
  expect(bodies.get('create check')).toEqual([{ name: 'agentic-sdlc / review', head_sha: HEAD, status: 'in_progress', external_id: review!.id }]);
  expect((bodies.get('create comment') as { body: string }[])[0]!.body).toContain('Debug leftover: console.log()');
  expect(bodies.get('update check')).toHaveLength(1);
  for (let i = 0; i < 500 && slackUpdates.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  // The parent in the channel, every later message in its thread, the parent updated with the final status.
  expect(slackPosts[0]).toMatchObject({ channel: CHANNEL });
  expect(slackPosts[0]!.thread_ts).toBeUndefined();
  expect(slackPosts.length).toBeGreaterThan(2);
  expect(new Set(slackPosts.slice(1).map((body) => body.thread_ts))).toEqual(new Set([PARENT_TS]));
  expect(slackUpdates).toHaveLength(1);
  expect(slackUpdates[0]).toMatchObject({ channel: CHANNEL, ts: PARENT_TS });
});
