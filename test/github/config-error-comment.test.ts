import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { configErrorMayShow } from '../../src/integrations/github/dispatch/config-notice.js';
import { stickyMarker } from '../../src/integrations/github/rest/sticky-comment.js';
import type { RunRecord } from '../../src/engine/run-record.js';
import { API, example, mockRepoConfig, mockToken, type Rig, useRig, mockEmptyReview } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const INVALID = 'pullRequests:\n  drafts: yes please\n';
const VALID = 'pullRequests:\n  drafts: true\n';
const FIXED_BODY = `${stickyMarker('config-error')}\n**agentic-sdlc**: \`.github/agentic-sdlc.yml\` is valid again, and workflows run as configured.`;

function pr(action: string) {
  return example('pull_request', (p) => p.action === action && p.installation !== undefined);
}

/** An invalid file (read twice: once parsed, once for positions) and the error comment it gets, id 3. */
function mockInvalidConfigReported(bodies: string[]) {
  mockRepoConfig(INVALID);
  mockRepoConfig(INVALID);
  nock(API)
    .get(`${REPO}/issues/2/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .post(`${REPO}/issues/2/comments`, (body: { body: string }) => {
      bodies.push(body.body);
      return true;
    })
    .reply(201, { id: 3, html_url: 'https://github.com/c/3' });
}


let rig: Rig;
useRig((created) => (rig = created));

describe('the configuration error comment', () => {
  it('once the file is fixed, the next event edits the error comment to say so, and later events ask nothing more', async () => {
    const posted: string[] = [];
    mockToken();
    mockInvalidConfigReported(posted);
    await rig.receive('pull_request', pr('opened'), 'broken');
    await rig.settle();
    expect(posted[0]).toContain('Codertocat/Hello-World:.github/agentic-sdlc.yml:2:11: pullRequests.drafts');
    expect((await rig.runs('github-dispatch'))[0]?.status).toBe('failure');

    mockRepoConfig(VALID);
    nock(API)
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [
        { id: 2, body: `${stickyMarker('config-error')}\nquoted by a person`, user: { type: 'User' } },
        { id: 3, body: posted[0], user: { type: 'Bot' } },
      ])
      .patch(`${REPO}/issues/comments/3`, { body: FIXED_BODY })
      .reply(200, { id: 3, html_url: 'https://github.com/c/3' });
    mockEmptyReview(20);
    await rig.receive('pull_request', pr('synchronize'), 'fixed');
    await rig.settle();
    expect((await rig.runs('pr-review'))[0]?.status).toBe('success');
    expect((await rig.runs('github-dispatch'))[0]?.outputs).toMatchObject({ outcome: 'submitted', repoConfig: 'valid' });

    // The correction is on record: the next push makes no comment lookup for it (strict nock would fail).
    mockRepoConfig(VALID);
    mockEmptyReview(21);
    await rig.receive('pull_request', pr('synchronize'), 'later');
    await rig.settle();
    expect((await rig.runs('pr-review')).map((run) => run.status)).toEqual(['success', 'success']);
  });

  it('an error comment that was deleted is not posted again when the file is fixed', async () => {
    const posted: string[] = [];
    mockToken();
    mockInvalidConfigReported(posted);
    await rig.receive('pull_request', pr('opened'), 'broken');
    await rig.settle();

    mockRepoConfig(VALID);
    // The lookup finds no comment of ours: nothing is created or edited.
    nock(API).get(`${REPO}/issues/2/comments`).query({ per_page: 100 }).reply(200, []);
    mockEmptyReview(22);
    await rig.receive('pull_request', pr('synchronize'), 'fixed');
    await rig.settle();
    expect((await rig.runs('pr-review'))[0]?.status).toBe('success');
  });

  it('a repository that never had an invalid file is never asked for the error comment', async () => {
    mockToken();
    mockRepoConfig(VALID);
    mockEmptyReview(23);
    mockRepoConfig(VALID);
    mockEmptyReview(24);
    await rig.receive('pull_request', pr('opened'), 'first');
    await rig.settle();
    await rig.receive('pull_request', pr('synchronize'), 'second');
    await rig.settle();
    // Only the review's own comment lookups were mocked, one per review.
    expect((await rig.runs('pr-review')).map((run) => run.status)).toEqual(['success', 'success']);
  });
});

describe('configErrorMayShow', () => {
  const run = (id: string, createdAt: number, outputs?: Record<string, unknown>) => ({ id, createdAt, ...(outputs ? { outputs } : {}) }) as RunRecord;

  it('is false without a failed dispatch, true after one, false again once a later dispatch read a valid file', () => {
    expect(configErrorMayShow([], [run('a', 5, { repoConfig: 'valid' })])).toBe(false);
    expect(configErrorMayShow([run('f', 10)], [run('a', 5, { repoConfig: 'valid' })])).toBe(true);
    expect(configErrorMayShow([run('f', 10)], [run('b', 11, { repoConfig: null })])).toBe(true);
    expect(configErrorMayShow([run('f', 10)], [run('c', 12, { repoConfig: 'valid' }), run('a', 5, { repoConfig: 'valid' })])).toBe(false);
    // Only the newest failure counts.
    expect(configErrorMayShow([run('g', 20), run('f', 10)], [run('c', 12, { repoConfig: 'valid' })])).toBe(true);
  });
});
