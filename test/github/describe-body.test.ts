import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { API, mockRepoConfig, mockToken, type Rig, useRig, commandComment, mockPermission, mockReaction } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const FILES = [{ filename: 'src/app.js', status: 'modified', additions: 1, deletions: 1, changes: 2, patch: '@@ -1 +1 @@\n-const a = 1;\n+const a = 2;' }];

let rig: Rig;
useRig((created) => (rig = created));

describe('/sdlc describe', () => {
  it('with mode: body in the repo config, writes its section into the PR description and keeps the author text', async () => {
    const payload = commandComment('/sdlc describe');
    const patched: { body: string }[] = [];
    mockToken();
    mockRepoConfig('workflows:\n  pr-describe:\n    inputs: { mode: body }\n');
    mockPermission('Codertocat', 'write');
    mockReaction(payload);
    nock(API)
      .get(`${REPO}/pulls/1/files`)
      .query({ per_page: 100 })
      .reply(200, FILES)
      // Read right before writing: the author's latest text is what is kept.
      .get(`${REPO}/pulls/1`)
      .reply(200, { number: 1, body: 'Bumps a to 2.\r\n\r\nCloses #3', html_url: 'https://github.com/Codertocat/Hello-World/pull/1' })
      .patch(`${REPO}/pulls/1`, (body: { body: string }) => patched.push(body) > 0)
      .reply(200, { number: 1 });

    await rig.receive('issue_comment', payload);
    await rig.settle();

    const [run] = await rig.runs('pr-describe');
    expect(run?.status).toBe('success');
    expect(run?.inputs).toMatchObject({ mode: 'body' });
    expect(patched).toHaveLength(1);
    const body = patched[0]!.body;
    expect(body.startsWith('Bumps a to 2.\r\n\r\nCloses #3\n\n<!-- agentic-sdlc:describe:start -->\n')).toBe(true);
    expect(body.endsWith('\n<!-- agentic-sdlc:describe:end -->')).toBe(true);
    expect(body).toContain('| `src/app.js` | +1 −1 | modified |');
  });
});
