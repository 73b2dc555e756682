import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../src/analysis/fingerprint.js';
import { feedbackStoreFor } from '../../src/store/create-feedback-store.js';
import { openAiCompletion } from '../llm/helpers.js';
import { API, example, mockNoRepoConfig, mockToken, recorder, type Rig, useRig } from './helpers.js';

/**
 * Learning from review feedback, through the GitHub App over signed HTTP deliveries with the model faked at
 * its HTTP API: a 👎 on our inline comment, or its thread resolved while the line is unchanged, keeps the
 * finding out of the next push's review, check run and report.
 */

const REPO = '/repos/Codertocat/Hello-World';
const OPENAI = 'https://api.openai.com';
const BOT = { login: 'agentic-sdlc[bot]', id: 1, type: 'Bot' };
const MESSAGE = 'JSON.parse throws on malformed input, and the error escapes load() without the path that failed.';
const FINDING = { rule: 'llm-review', file: 'src/load.js', message: MESSAGE };
const ANSWER = {
  findings: [{ file: 'src/load.js', line: 3, endLine: null, severity: 'warning', category: 'reliability', confidence: 'high', message: MESSAGE, suggestion: 'Catch it and rethrow with the path.', suggestedCode: null }],
};
/** Each push changes the file, so the model is asked again (no cached answer). New side: line 3 is the parse. */
const files = (push: number) => [
  {
    filename: 'src/load.js',
    status: 'modified',
    additions: 2 + push,
    deletions: 1,
    changes: 3 + push,
    patch: `@@ -1,3 +1,${4 + push} @@\n function load(path) {\n-  return read(path);\n+  const data = read(path);\n+  return JSON.parse(data);\n${Array.from({ length: push }, (_, i) => `+  // step ${i}\n`).join('')} }`,
  },
];

let rig: Rig;
useRig((created) => (rig = created), {
  llm: { model: 'openai:gpt-4.1-mini', providers: { openai: { apiKey: 'sk-test-key-for-nock-only' } }, cache: { backend: 'memory' } },
});

/** Our inline comment as `GET /pulls/{n}/comments` lists it (the real review-comment shape), with `changes` applied. */
function ourComment(body: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const [comment] = (example('pull_request_review_thread', (p) => p.installation !== undefined).thread as { comments: Record<string, unknown>[] }).comments;
  return { ...comment!, id: 900_001, body, user: { ...(comment!.user as object), ...BOT }, path: 'src/load.js', line: 3, original_line: 3, ...changes };
}

/**
 * One pr-review run's GitHub and model calls. `listed` is what the review comments list answers (read by the
 * feedback step, and by the review step when findings sit on lines); `review` says whether one is posted.
 */
function mockPush(push: number, options: { listed: unknown[]; listedTwice: boolean; review: boolean; prompts?: string[] }) {
  const { bodies, take } = recorder();
  const checkId = 70 + push;
  const scope = nock(API)
    .post(`${REPO}/check-runs`)
    .reply(201, { id: checkId })
    .get(`${REPO}/pulls/2/files`)
    .query({ per_page: 100 })
    .reply(200, files(push))
    .get(`${REPO}/pulls/2/comments`)
    .query({ per_page: 100 })
    .times(options.listedTwice ? 2 : 1)
    .reply(200, options.listed)
    .get(`${REPO}/issues/2/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .post(`${REPO}/issues/2/comments`, take('sticky'))
    .reply(201, { id: 500 + push, html_url: '' })
    .patch(`${REPO}/check-runs/${checkId}`, take('check'))
    .reply(200, { id: checkId });
  if (options.review) scope.post(`${REPO}/pulls/2/reviews`, take('review')).reply(200, { id: 800 + push });
  nock(OPENAI)
    .post('/v1/chat/completions', (body: unknown) => {
      options.prompts?.push(JSON.stringify(body));
      return true;
    })
    .reply(200, openAiCompletion(JSON.stringify(ANSWER), { prompt_tokens: 700, completion_tokens: 90 }));
  return bodies;
}

async function push(action: 'opened' | 'synchronize') {
  await rig.receive('pull_request', example('pull_request', (p) => p.action === action && p.installation !== undefined));
  await rig.settle();
}

/** Push 1: the model's finding is posted inline; returns that comment's body. */
async function firstReview(): Promise<string> {
  mockToken();
  mockNoRepoConfig();
  const bodies = mockPush(1, { listed: [], listedTwice: true, review: true });
  await push('opened');
  const [review] = bodies.get('review') as { comments: { path: string; line: number; body: string }[] }[];
  const posted = review!.comments.find((comment) => comment.body.includes(MESSAGE));
  expect(posted?.body.endsWith(`<!-- agentic-sdlc:finding:${findingFingerprint(FINDING)} -->`)).toBe(true);
  expect((bodies.get('check') as { output: { annotations: { message: string }[] } }[])[0]!.output.annotations.map((a) => a.message)).toContain(MESSAGE);
  return posted!.body;
}

/** Push 2's report, annotations and review say nothing of the finding. */
async function secondReviewWithout(listed: unknown[]) {
  mockNoRepoConfig();
  const bodies = mockPush(2, { listed, listedTwice: false, review: false });
  await push('synchronize');
  const runs = await rig.runs('pr-review');
  expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
  const sticky = (bodies.get('sticky') as { body: string }[])[0]!.body;
  expect(sticky).not.toContain('JSON.parse throws');
  expect(sticky).toMatch(/rejected before were suppressed/);
  const check = (bodies.get('check') as { output: { summary: string; annotations?: { message: string }[] } }[])[0]!;
  expect((check.output.annotations ?? []).map((a) => a.message)).not.toContain(MESSAGE);
  expect(check.output.summary).not.toContain('JSON.parse throws');
  // No POST /pulls/2/reviews is mocked: a review posting the finding again would fail the run.
}

describe('review feedback', () => {
  it('feedback that cannot be read does not fail the review: it goes on without it', async () => {
    mockToken();
    mockNoRepoConfig();
    const { bodies, take } = recorder();
    nock(API)
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 90 })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, files(1))
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .reply(502, { message: 'Server Error' })
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`)
      .reply(201, { id: 501, html_url: '' })
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/pulls/2/reviews`, take('review'))
      .reply(200, { id: 801 })
      .patch(`${REPO}/check-runs/90`)
      .reply(200, { id: 90 });
    nock(OPENAI).post('/v1/chat/completions').reply(200, openAiCompletion(JSON.stringify(ANSWER), { prompt_tokens: 700, completion_tokens: 90 }));
    await push('opened');
    const [run] = await rig.runs('pr-review');
    expect(run?.status).toBe('success');
    const steps = await rig.runtime.store.getSteps(run!.id);
    expect(steps.find((step) => step.stepId === 'feedback')?.status).toBe('failure');
    expect(JSON.stringify(bodies.get('review'))).toContain(MESSAGE);
  });

  it('a 👎 on our inline comment keeps the same finding out of the next push: review, check run annotations and sticky report', async () => {
    const body = await firstReview();
    const reactions = { ...(ourComment(body).reactions as object), total_count: 1, '-1': 1 };
    await secondReviewWithout([ourComment(body, { reactions })]);
    const suppressed = await feedbackStoreFor(rig.runtime.store).listSuppressions('codertocat/hello-world');
    expect(suppressed).toEqual([
      { fingerprint: findingFingerprint(FINDING), reason: 'thumbs-down', detail: `${ourComment(body).html_url as string} (👎 ×1)`, at: expect.any(Number) },
    ]);
  });

  it('a thread resolved while its line is unchanged keeps the finding out of the next push', async () => {
    const body = await firstReview();
    mockNoRepoConfig();
    const resolved = example('pull_request_review_thread', (p) => p.action === 'resolved' && p.installation !== undefined);
    (resolved.thread as { comments: unknown[] }).comments = [ourComment(body)];
    await rig.receive('pull_request_review_thread', resolved);
    await rig.settle();
    const [remembered] = await rig.runs('review-thread-resolved');
    expect(remembered?.outputs).toEqual({ suppressed: findingFingerprint(FINDING), reason: 'resolved without a change' });

    // The comment is listed again with no reaction at all: the store alone carries the rejection.
    await secondReviewWithout([ourComment(body)]);
  });

  it('a thread resolved after a push changed its line (outdated: fixed) teaches nothing; nor does a human comment carrying our marker', async () => {
    const body = `⚠️ **llm-review**: ${MESSAGE}\n\n<!-- agentic-sdlc:finding:${findingFingerprint(FINDING)} -->`;
    mockToken();
    for (const [comment, reason] of [
      [ourComment(body, { line: null }), 'outdated thread: its line changed since'],
      [ourComment(body, { user: { login: 'mallory', id: 9, type: 'User' } }), 'not a finding comment of this App'],
    ] as const) {
      mockNoRepoConfig();
      const resolved = example('pull_request_review_thread', (p) => p.action === 'resolved' && p.installation !== undefined);
      (resolved.thread as { comments: unknown[] }).comments = [comment];
      await rig.receive('pull_request_review_thread', resolved);
      await rig.settle();
      const [run] = await rig.runs('review-thread-resolved');
      expect(run?.outputs).toEqual({ suppressed: null, reason });
    }
    expect(await feedbackStoreFor(rig.runtime.store).listSuppressions('Codertocat/Hello-World')).toEqual([]);
  });
});
