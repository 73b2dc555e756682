import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { openAiCompletion } from '../llm/helpers.js';
import { API, mockNoRepoConfig, mockToken, type Rig, useRig, commandComment, mockPermission, mockReaction } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const OPENAI = 'https://api.openai.com';
// Assembled at run time so no committed line looks like a real credential.
const PLANTED = ['ghp', '_', 'R3alL00kingT0kenValue1234567890abcdEF'].join('');
const FILES = [
  {
    filename: 'src/retry.js',
    status: 'modified',
    additions: 2,
    deletions: 1,
    changes: 3,
    patch: `@@ -1,2 +1,3 @@\n-const attempts = 3;\n+const attempts = 5;\n+const token = '${PLANTED}';\n module.exports = attempts;`,
  },
];

let rig: Rig;
useRig((created) => (rig = created), {
  llm: { model: 'openai:gpt-4.1-mini', providers: { openai: { apiKey: 'sk-test-key-for-nock-only' } }, cache: { backend: 'memory' } },
});

describe('/sdlc ask with an LLM provider', () => {
  it('answers from the PR diff in a reply, with the planted secret masked in the prompt', async () => {
    const payload = commandComment('/sdlc ask why five attempts?');
    const prompts: string[] = [];
    const replies: string[] = [];
    mockToken();
    mockNoRepoConfig();
    mockPermission('Codertocat', 'write');
    mockReaction(payload);
    nock(API)
      .get(`${REPO}/pulls/1/files`)
      .query({ per_page: 100 })
      .reply(200, FILES)
      .post(`${REPO}/issues/1/comments`, (body: { body: string }) => replies.push(body.body) > 0)
      .reply(201, { id: 9, html_url: 'https://github.com/Codertocat/Hello-World/pull/1#issuecomment-9' });
    nock(OPENAI)
      .post('/v1/chat/completions', (body: { model: string; messages: { content: string }[] }) => {
        prompts.push(JSON.stringify(body));
        return body.model === 'gpt-4.1-mini';
      })
      .reply(
        200,
        openAiCompletion(JSON.stringify({ answer: 'The retry count went from 3 to 5 in `src/retry.js`, @octocat.', references: [{ file: 'src/retry.js', line: 1 }] }), {
          prompt_tokens: 812,
          completion_tokens: 41,
        }),
      );

    await rig.receive('issue_comment', payload);
    await rig.settle();

    const [run] = await rig.runs('pr-ask');
    expect(run?.status).toBe('success');
    expect(run?.outputs).toMatchObject({ answer: expect.stringContaining('from 3 to 5'), references: [{ file: 'src/retry.js', line: 1 }], usage: { calls: 1 } });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('why five attempts?');
    expect(prompts[0]).toContain('const attempts = 5;');
    expect(prompts[0]).not.toContain(PLANTED);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^> why five attempts\?\n\nThe retry count went from 3 to 5/);
    // Model output cannot ping anyone.
    expect(replies[0]).not.toMatch(/(^|\s)@octocat/);
  });
});
