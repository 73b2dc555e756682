import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { stickyMarker } from '../../src/integrations/github/rest/sticky-comment.js';
import { findingFingerprint } from '../../src/integrations/github/actions/review-comments.js';
import { API, example, mockNoRepoConfig, mockRepoConfig, mockToken, type Rig, useRig, recorder, mockEmptyReview } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const FILES = [
  {
    filename: 'src/app.js',
    status: 'modified',
    additions: 3,
    deletions: 1,
    changes: 4,
    patch: '@@ -1,3 +1,5 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n+console.log("debug", b);\n+// TODO: remove this hack\n module.exports = a;',
  },
];

function opened() {
  return example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);
}


let rig: Rig;
useRig((created) => (rig = created));

describe('pull_request webhooks', () => {
  it('an opened PR gets a check run with annotations, one sticky comment and an inline review', async () => {
    const { bodies, take } = recorder();
    mockToken();
    mockNoRepoConfig();
    nock(API)
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
      // Twice: the feedback step reads the review comments (👎, replies), then the review step (duplicates).
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .times(2)
      .reply(200, [])
      .post(`${REPO}/pulls/2/reviews`, take('create review'))
      .reply(200, { id: 900 })
      .patch(`${REPO}/check-runs/77`, take('update check'))
      .reply(200, { id: 77, html_url: 'https://github.com/checks/77' });

    await rig.receive('pull_request', opened(), 'delivery-opened');
    await rig.settle();

    const [review] = await rig.runs('pr-review');
    expect(review?.status).toBe('success');
    expect(review?.idempotencyKey).toBe('delivery-opened:pr-review');
    expect(bodies.get('create check')).toEqual([{ name: 'agentic-sdlc / review', head_sha: HEAD, status: 'in_progress', external_id: review!.id }]);

    const [comment] = bodies.get('create comment') as { body: string }[];
    expect(comment!.body.startsWith(`${stickyMarker('pr-review')}\n`)).toBe(true);
    expect(comment!.body).toContain('Debug leftover: console.log()');

    const debug = { rule: 'debug-leftover', file: 'src/app.js', message: 'Debug leftover: console.log()' };
    const todo = { rule: 'todo', file: 'src/app.js', message: 'TODO comment added: TODO: remove this hack' };
    expect(bodies.get('create review')).toEqual([
      {
        commit_id: HEAD,
        event: 'COMMENT',
        body: [
          '**agentic-sdlc** placed 2 comments on the diff.',
          '',
          'Findings outside the changed lines (1):',
          '',
          '- ℹ️ **missing-tests**: 1 source file changed without any test change: src/app.js',
        ].join('\n'),
        comments: [
          {
            path: 'src/app.js',
            line: 3,
            side: 'RIGHT',
            body: `⚠️ **debug-leftover**: Debug leftover: console.log()\n\n_Suggestion:_ Remove it before merging, or use the project's logger.\n\n<!-- agentic-sdlc:finding:${findingFingerprint(debug)} -->`,
          },
          {
            path: 'src/app.js',
            line: 4,
            side: 'RIGHT',
            body: `ℹ️ **todo**: TODO comment added: TODO: remove this hack\n\n_Suggestion:_ Track it in an issue, or resolve it before merging.\n\n<!-- agentic-sdlc:finding:${findingFingerprint(todo)} -->`,
          },
        ],
      },
    ]);

    const [update] = bodies.get('update check') as { status: string; conclusion: string; output: { title: string; summary: string; annotations: unknown[] } }[];
    expect(update).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: '1 warning, 2 notices' } });
    expect(update!.output.summary).toBe(comment!.body.slice(stickyMarker('pr-review').length + 1).trim());
    expect(update!.output.annotations).toEqual([
      { path: 'src/app.js', start_line: 3, end_line: 3, annotation_level: 'warning', message: 'Debug leftover: console.log()', title: 'debug-leftover', raw_details: "Remove it before merging, or use the project's logger." },
      { path: 'src/app.js', start_line: 4, end_line: 4, annotation_level: 'notice', message: 'TODO comment added: TODO: remove this hack', title: 'todo', raw_details: 'Track it in an issue, or resolve it before merging.' },
    ]);
  });

  it('a re-run edits the sticky comment in place and does not post the same findings twice', async () => {
    const { bodies, take } = recorder();
    const previous = { rule: 'debug-leftover', file: 'src/app.js', message: 'Debug leftover: console.log()' };
    const todo = { rule: 'todo', file: 'src/app.js', message: 'TODO comment added: TODO: remove this hack' };
    mockToken();
    mockNoRepoConfig();
    nock(API)
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 78 })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, FILES)
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [
        { id: 10, body: `${stickyMarker('pr-review')}\nsomeone quoting us`, user: { type: 'User' } },
        { id: 11, body: `${stickyMarker('pr-review')}\nold report`, user: { type: 'Bot' } },
      ])
      .patch(`${REPO}/issues/comments/11`, take('update comment'))
      .reply(200, { id: 11, html_url: 'https://github.com/c/11' })
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .times(2)
      .reply(200, [
        { id: 1, body: `x\n<!-- agentic-sdlc:finding:${findingFingerprint(previous)} -->` },
        { id: 2, body: `y\n<!-- agentic-sdlc:finding:${findingFingerprint(todo)} -->` },
      ])
      .patch(`${REPO}/check-runs/78`)
      .reply(200, { id: 78 });

    const payload = example('pull_request', (p) => p.action === 'synchronize');
    await rig.receive('pull_request', payload);
    await rig.settle();

    expect((await rig.runs('pr-review'))[0]?.status).toBe('success');
    const [update] = bodies.get('update comment') as { body: string }[];
    expect(update!.body.startsWith(`${stickyMarker('pr-review')}\n`)).toBe(true);
    // No POST /issues/2/comments and no POST /pulls/2/reviews were mocked: nock would have failed the run.
  });

  it('a redelivered webhook starts no second run', async () => {
    mockToken();
    mockNoRepoConfig();
    mockEmptyReview(79);

    await rig.receive('pull_request', opened(), 'same-delivery');
    await rig.settle();
    await rig.receive('pull_request', opened(), 'same-delivery');
    await rig.settle();

    expect((await rig.runs('github-dispatch')).length).toBe(1);
    expect((await rig.runs('pr-review')).map((run) => run.status)).toEqual(['success']);
  });

  it('a redelivery after a failed review runs the review again', async () => {
    mockToken();
    mockNoRepoConfig();
    nock(API).post(`${REPO}/check-runs`).reply(500, { message: 'boom' });
    await rig.receive('pull_request', opened(), 'flaky-delivery');
    await rig.settle();
    expect((await rig.runs('pr-review')).map((run) => run.status)).toEqual(['failure']);

    mockEmptyReview(80);
    await rig.receive('pull_request', opened(), 'flaky-delivery');
    await rig.settle();

    expect((await rig.runs('github-dispatch')).length).toBe(1);
    expect((await rig.runs('pr-review')).map((run) => run.status)).toEqual(['success', 'failure']);
  });

  it('draft pull requests are skipped unless the repository opts in', async () => {
    mockToken();
    mockNoRepoConfig();
    const draft = opened();
    (draft.pull_request as { draft: boolean }).draft = true;
    await rig.receive('pull_request', draft);
    await rig.settle();
    const [dispatch] = await rig.runs('github-dispatch');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'ignored' });
    expect(await rig.runs('pr-review')).toEqual([]);
  });

  it('an invalid .github/agentic-sdlc.yml is reported on the PR with file:line:col and nothing runs', async () => {
    const { bodies, take } = recorder();
    const yaml = 'pullRequests:\n  drafts: yes please\ncommands:\n  permision: write\n';
    mockToken();
    mockRepoConfig(yaml);
    mockRepoConfig(yaml);
    nock(API)
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`, take('comment'))
      .reply(201, { id: 3, html_url: '' });

    await rig.receive('pull_request', opened());
    await rig.settle();

    const [comment] = bodies.get('comment') as { body: string }[];
    expect(comment!.body).toContain('Codertocat/Hello-World:.github/agentic-sdlc.yml:2:11: pullRequests.drafts: Invalid input: expected boolean, received string');
    expect(comment!.body).toContain('Codertocat/Hello-World:.github/agentic-sdlc.yml:4:3: commands: unknown key permision');
    expect((await rig.runs('github-dispatch'))[0]?.status).toBe('failure');
    expect(await rig.runs('pr-review')).toEqual([]);
  });

  it('a payload without installation finds the installation of the repository', async () => {
    mockNoRepoConfig();
    const payload = example('pull_request', (p) => p.action === 'opened' && p.installation === undefined);
    const repo = (payload.repository as { full_name: string }).full_name;
    const number = (payload.pull_request as { number: number }).number;
    const [owner, name] = repo.split('/') as [string, string];
    nock.cleanAll();
    mockNoRepoConfig(owner, name);
    nock(API).get(`/repos/${owner}/${name}/installation`).reply(200, { id: 42 });
    mockToken(42);
    nock(API)
      .post(`/repos/${repo}/check-runs`)
      .reply(201, { id: 81 })
      .get(`/repos/${repo}/pulls/${number}/files`)
      .query({ per_page: 100 })
      .reply(200, [])
      .get(`/repos/${repo}/issues/${number}/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`/repos/${repo}/issues/${number}/comments`)
      .reply(201, { id: 1, html_url: '' })
      .patch(`/repos/${repo}/check-runs/81`)
      .reply(200, { id: 81 });

    await rig.receive('pull_request', payload);
    await rig.settle();
    expect((await rig.runs('pr-review'))[0]?.status).toBe('success');
  });
});
