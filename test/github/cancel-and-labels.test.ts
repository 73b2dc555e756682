import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { deferred } from '../helpers/engine.js';
import { API, example, mockNoRepoConfig, mockRepoConfig, mockToken, type Rig, useRig } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';

let rig: Rig;
useRig((created) => (rig = created));

function pr(action: string) {
  return example('pull_request', (p) => p.action === action && p.installation !== undefined);
}

/** The rest of a review after its check run started: empty diff, sticky comment created, check concluded. */
function mockReviewTail(checkId: number) {
  nock(API)
    .get(`${REPO}/issues/2/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .post(`${REPO}/issues/2/comments`)
    .reply(201, { id: 1, html_url: '' })
    .patch(`${REPO}/check-runs/${checkId}`, (body: { conclusion?: string }) => body.conclusion === 'success')
    .reply(200, { id: checkId });
}

describe('cancel-in-progress and trigger labels', () => {
  it('a new push cancels the review in progress, whose check run is concluded as cancelled', async () => {
    const firstFetch = deferred();
    const fetchStarted = deferred();
    mockToken();
    mockNoRepoConfig();
    mockNoRepoConfig();
    nock(API)
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 1 })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, (_uri, _body, callback) => {
        fetchStarted.resolve();
        // Held until the test lets go; by then the run has been cancelled and the request aborted.
        void firstFetch.promise.then(() => callback(null, [200, []]));
      })
      .patch(`${REPO}/check-runs/1`, (body: { conclusion?: string; output?: { title?: string } }) => body.conclusion === 'cancelled')
      .reply(200, { id: 1 })
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 2 })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, []);
    mockReviewTail(2);

    await rig.receive('pull_request', pr('opened'), 'push-1');
    await fetchStarted.promise;
    await rig.receive('pull_request', pr('synchronize'), 'push-2');
    await rig.runtime.engine.waitFor((await rig.runs('pr-review')).at(-1)!.id);
    firstFetch.resolve();
    await rig.settle();

    const [second, first] = await rig.runs('pr-review');
    expect(first?.status).toBe('cancelled');
    expect(second?.status).toBe('success');
    expect(first?.concurrencyGroup).toBe('pr-review-Codertocat/Hello-World-2');
  });

  it('adding the ai-review label runs the review and, when configured, removes the label', async () => {
    const labeled = pr('labeled');
    (labeled.label as { name: string }).name = 'ai-review';
    mockToken();
    mockRepoConfig('triggerLabels:\n  remove: true\n');
    nock(API).delete(`${REPO}/issues/2/labels/ai-review`).reply(200, []);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 3 }).get(`${REPO}/pulls/2/files`).query({ per_page: 100 }).reply(200, []);
    mockReviewTail(3);

    await rig.receive('pull_request', labeled);
    await rig.settle();
    expect((await rig.runs('pr-review')).map((run) => run.status)).toEqual(['success']);
  });

  it('other labels start nothing', async () => {
    const labeled = pr('labeled');
    (labeled.label as { name: string }).name = 'bug';
    mockToken();
    mockNoRepoConfig();
    await rig.receive('pull_request', labeled);
    await rig.settle();
    expect((await rig.runs('github-dispatch'))[0]?.outputs).toMatchObject({ outcome: 'ignored', reason: 'no workflow matches' });
    expect(await rig.runs('pr-review')).toEqual([]);
  });

  it('/sdlc cancel cancels the runs in progress on the PR', async () => {
    const held = deferred();
    const started = deferred();
    mockToken();
    mockNoRepoConfig();
    mockNoRepoConfig();
    nock(API)
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 9 })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, (_uri, _body, callback) => {
        started.resolve();
        void held.promise.then(() => callback(null, [200, []]));
      })
      .patch(`${REPO}/check-runs/9`, (body: { conclusion?: string }) => body.conclusion === 'cancelled')
      .reply(200, { id: 9 })
      .get(`${REPO}/collaborators/Codertocat/permission`)
      .reply(200, { permission: 'write', role_name: 'write' })
      .post(/\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+\/reactions/)
      .reply(201, {})
      .post(`${REPO}/issues/2/comments`, { body: 'Cancelled 1 run: `pr-review`.' })
      .reply(201, { id: 4, html_url: '' });

    await rig.receive('pull_request', pr('opened'));
    await started.promise;
    const comment = example('issue_comment', (p) => p.action === 'created' && p.installation !== undefined);
    (comment.comment as { body: string }).body = '/sdlc cancel';
    (comment.issue as { number: number; pull_request?: unknown }).number = 2;
    (comment.issue as { pull_request?: unknown }).pull_request = {};
    await rig.receive('issue_comment', comment);
    const review = (await rig.runs('pr-review'))[0]!;
    await rig.runtime.engine.waitFor(review.id);
    held.resolve();
    await rig.settle();
    expect((await rig.runtime.store.getRun(review.id))?.status).toBe('cancelled');
  });

  it('a new issue is labelled by the triage rules, with labels that exist only', async () => {
    const issue = example('issues', (p) => p.action === 'reopened' && p.installation !== undefined);
    Object.assign(issue.issue as object, { title: 'App crashes on startup', body: 'The docs say it should work.' });
    mockToken();
    mockNoRepoConfig();
    const labels = [
      { id: 1, name: 'Bug', description: "Something isn't working", color: 'd73a4a', default: true },
      { id: 2, name: 'question', description: 'Further information is requested', color: 'd876e3', default: true },
    ];
    nock(API)
      // The triage context: labels and recent open issues (a PR among them is not a duplicate candidate).
      .get(`${REPO}/labels`)
      .query({ per_page: 100 })
      .reply(200, labels)
      .get(`${REPO}/issues`)
      .query({ state: 'open', sort: 'created', direction: 'desc', per_page: 31 })
      .reply(200, [
        { number: 1, title: 'App crashes on startup', body: null },
        { number: 7, title: 'Crash when the config is empty', body: 'Stack trace attached.' },
        { number: 8, title: 'Bump deps', body: null, pull_request: { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/8' } },
      ])
      // No LLM provider here, so the keyword rules label it.
      .get(`${REPO}/labels`)
      .query({ per_page: 100 })
      .reply(200, labels)
      .post(`${REPO}/issues/1/labels`, { labels: ['Bug'] })
      .reply(200, [{ name: 'Bug' }]);
    await rig.receive('issues', issue);
    await rig.settle();
    const [triage] = await rig.runs('issue-triage');
    expect(triage?.status).toBe('success');
    expect(triage?.outputs).toEqual({ labels: ['Bug'], 'keyword-labels': ['bug', 'documentation'], priority: null, duplicates: [], summary: 'Labelled with Bug.' });
    const steps = Object.fromEntries((await rig.runtime.store.getSteps(triage!.id)).map((step) => [step.stepId, step]));
    expect(steps.context?.outputs).toEqual({
      labels: [
        { name: 'Bug', description: "Something isn't working" },
        { name: 'question', description: 'Further information is requested' },
      ],
      recentIssues: [{ number: 7, title: 'Crash when the config is empty', body: 'Stack trace attached.' }],
      // The delivery carries the issue's text, so it is not read again.
      issue: null,
    });
    expect(steps.triage?.outputs).toMatchObject({ llm: { used: false } });
    expect(steps['label-ai']?.status).toBe('skipped');
  });
});
