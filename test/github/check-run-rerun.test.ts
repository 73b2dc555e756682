import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { stickyMarker } from '../../src/integrations/github/rest/sticky-comment.js';
import { API, example, mockNoRepoConfig, mockToken, type Rig, useRig, recorder, mockEmptyReview } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
/** `github.appId` of the rig. */
const APP_ID = 1;

/**
 * A real `check_run.rerequested` delivery, moved to the repository, commit and pull request of the real
 * `pull_request.opened` example (taken from the `check_run.completed` example of that repository), and made a
 * check run of ours (`app.id`) that names `externalId`.
 */
function rerequested(externalId: string, appId = APP_ID) {
  const payload = example('check_run', (p) => p.action === 'rerequested');
  const sameRepo = example('check_run', (p) => p.action === 'completed' && (p.repository as { full_name: string }).full_name === 'Codertocat/Hello-World');
  const source = sameRepo.check_run as { head_sha: string; pull_requests: unknown[] };
  const checkRun = payload.check_run as { head_sha: string; pull_requests: unknown[]; external_id: string; app: { id: number } };
  payload.repository = sameRepo.repository;
  checkRun.head_sha = source.head_sha;
  checkRun.pull_requests = source.pull_requests;
  checkRun.external_id = externalId;
  checkRun.app.id = appId;
  return payload;
}



let rig: Rig;
useRig((created) => (rig = created));

describe('"Re-run" in the Checks tab (check_run.rerequested)', () => {
  it('re-runs the run our check run names: the stored workflow, its inputs and event, a new key and check run', async () => {
    mockToken();
    mockNoRepoConfig();
    mockEmptyReview(77);
    await rig.receive('pull_request', example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined), 'delivery-opened');
    await rig.settle();
    const [original] = await rig.runs('pr-review');
    expect(original?.status).toBe('success');

    // The workflow changes after the run: the re-run still runs the version the check run reported on.
    const live = rig.runtime.workflows.get('pr-review')!;
    rig.runtime.workflows.set('pr-review', { ...live, description: 'edited after the first run' });

    const { bodies, take } = recorder();
    mockNoRepoConfig();
    nock(API)
      .post(`${REPO}/check-runs`, take('create check'))
      .reply(201, { id: 78, html_url: 'https://github.com/Codertocat/Hello-World/runs/78' })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, [])
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [{ id: 501, body: `${stickyMarker('pr-review')}\nold report`, user: { type: 'Bot' } }])
      .patch(`${REPO}/issues/comments/501`, take('update comment'))
      .reply(200, { id: 501, html_url: 'https://github.com/c/501' })
      .patch(`${REPO}/check-runs/78`, take('conclude check'))
      .reply(200, { id: 78 });
    await rig.receive('check_run', rerequested(original!.id), 'delivery-rerun');
    await rig.settle();

    const [rerun, first] = await rig.runs('pr-review');
    expect(first?.id).toBe(original!.id);
    expect(rerun).toMatchObject({ status: 'success', workflowName: 'pr-review', idempotencyKey: 'delivery-rerun:pr-review' });
    expect(rerun!.workflow).toEqual(original!.workflow);
    expect(rerun!.workflow.description).not.toBe('edited after the first run');
    expect(rerun!.inputs).toEqual(original!.inputs);
    expect(rerun!.event).toEqual(original!.event);
    expect(rerun!.event).toMatchObject({ event: 'pull_request', action: 'opened', number: 2, deliveryId: 'delivery-opened' });

    expect(bodies.get('create check')).toEqual([{ name: 'agentic-sdlc / review', head_sha: HEAD, status: 'in_progress', external_id: rerun!.id }]);
    expect((bodies.get('update comment') as { body: string }[])[0]!.body.startsWith(`${stickyMarker('pr-review')}\n`)).toBe(true);
    expect(bodies.get('conclude check')).toMatchObject([{ status: 'completed', conclusion: 'success' }]);

    const [dispatch] = await rig.runs('github-dispatch');
    expect(dispatch?.event).toMatchObject({ event: 'check_run', action: 'rerequested', number: 2 });
    expect(dispatch?.outputs).toEqual({ outcome: 'submitted', reason: null, runs: [{ workflow: 'pr-review', runId: rerun!.id, created: true }], repoConfig: 'valid' });

    // The same delivery again starts nothing more (and asks GitHub nothing).
    await rig.receive('check_run', rerequested(original!.id), 'delivery-rerun');
    await rig.settle();
    expect(await rig.runs('pr-review')).toHaveLength(2);
  });

  it("another app's re-requested check run is not even recorded", async () => {
    // As delivered: the check run belongs to app 2, not to us.
    await rig.receive('check_run', example('check_run', (p) => p.action === 'rerequested'));
    await rig.receive('check_run', rerequested('run_anything', 29310));
    await rig.settle();
    expect(await rig.runs()).toEqual([]);
  });

  it('an external_id that names no run starts nothing and says so in the log', async () => {
    const logs: { level: string; message: string; data?: Record<string, unknown> }[] = [];
    rig.runtime.bus.on('log', (entry) => logs.push(entry));
    mockToken();
    mockNoRepoConfig();
    await rig.receive('check_run', rerequested('run_pruned_long_ago'));
    await rig.settle();

    expect(await rig.runs('pr-review')).toEqual([]);
    const [dispatch] = await rig.runs('github-dispatch');
    expect(dispatch?.status).toBe('success');
    expect(dispatch?.outputs).toEqual({ outcome: 'ignored', reason: 'check run of an unknown run', runs: [], repoConfig: 'valid' });
    expect(logs).toContainEqual(expect.objectContaining({
      level: 'warn',
      message: 'the re-requested check run names no run of this repository',
      data: { externalId: 'run_pruned_long_ago', repo: 'Codertocat/Hello-World' },
    }));
  });

  it("an external_id that names another repository's run, or the dispatcher's, starts nothing", async () => {
    mockToken();
    mockNoRepoConfig();
    mockEmptyReview(79);
    await rig.receive('pull_request', example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    await rig.settle();
    const [review] = await rig.runs('pr-review');
    const [dispatch] = await rig.runs('github-dispatch');

    const elsewhere = rerequested(review!.id);
    (elsewhere.repository as { full_name: string }).full_name = 'Codertocat/Other';
    mockNoRepoConfig('Codertocat', 'Other');
    mockNoRepoConfig();
    await rig.receive('check_run', elsewhere);
    await rig.receive('check_run', rerequested(dispatch!.id));
    await rig.settle();

    expect(await rig.runs('pr-review')).toHaveLength(1);
    const outcomes = (await rig.runs('github-dispatch')).slice(0, 2).map((run) => run.outputs?.reason);
    expect(outcomes).toEqual(['check run of an unknown run', 'check run of an unknown run']);
  });
});
