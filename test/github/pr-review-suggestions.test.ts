import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../src/integrations/github/actions/review-comments.js';
import { openAiCompletion } from '../llm/helpers.js';
import { API, example, mockNoRepoConfig, mockToken, recorder, type Rig, useRig } from './helpers.js';

const REPO = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const OPENAI = 'https://api.openai.com';
// New side: 1 `function retry…`, 2-5 added (2-space indentation), 6 `  }`, 7 `}`.
const FILES = [
  {
    filename: 'src/retry.js',
    status: 'modified',
    additions: 4,
    deletions: 2,
    changes: 6,
    patch:
      '@@ -1,5 +1,7 @@\n function retry(fn, attempts) {\n-  for (let i = 0; i < attempts; i++) {\n-    try { return fn(); } catch {}\n+  for (let i = 0; i <= attempts; i++) {\n+    try {\n+      return fn();\n+    } catch {}\n   }\n }',
  },
];

/** The model's answer, in the review answer schema: a sure fix for lines 3-5 and a less sure finding on line 2. */
const ANSWER = {
  findings: [
    {
      file: 'src/retry.js',
      line: 3,
      endLine: 5,
      severity: 'error',
      category: 'reliability',
      confidence: 'high',
      message: 'The empty catch swallows every failure, so when all attempts fail retry returns undefined instead of the error.',
      suggestion: 'Rethrow the error of the last attempt.',
      // Written without the file's indentation, as models often do: the block is re-indented to line 3's.
      suggestedCode: 'try {\n  return fn();\n} catch (error) {\n  if (i === attempts - 1) throw error;\n}\n',
    },
    {
      file: 'src/retry.js',
      line: 2,
      endLine: null,
      severity: 'warning',
      category: 'correctness',
      confidence: 'medium',
      message: 'The loop calls fn one time more than attempts.',
      suggestion: null,
      suggestedCode: 'for (let i = 0; i < attempts; i++) {',
    },
  ],
};

let rig: Rig;
useRig((created) => (rig = created), {
  llm: { model: 'openai:gpt-4.1-mini', providers: { openai: { apiKey: 'sk-test-key-for-nock-only' } }, cache: { backend: 'memory' } },
});

describe('AI review suggestions through the GitHub App', () => {
  it('posts a sure model fix as a re-indented suggestion on its exact range, and lists the less sure finding in the review body', async () => {
    const { bodies, take } = recorder();
    mockToken();
    mockNoRepoConfig();
    nock(API)
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 81, html_url: 'https://github.com/checks/81' })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, FILES)
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`)
      .reply(201, { id: 502, html_url: 'https://github.com/c/502' })
      // Read twice: by the feedback step (reactions and replies to earlier reviews) and by github.review (fingerprints).
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .times(2)
      .reply(200, [])
      .post(`${REPO}/pulls/2/reviews`, take('create review'))
      .reply(200, { id: 901 })
      .patch(`${REPO}/check-runs/81`, take('update check'))
      .reply(200, { id: 81 });
    nock(OPENAI).post('/v1/chat/completions').reply(200, openAiCompletion(JSON.stringify(ANSWER), { prompt_tokens: 900, completion_tokens: 160 }));

    await rig.receive('pull_request', example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    await rig.settle();

    const [run] = await rig.runs('pr-review');
    const failed = (await rig.runtime.store.getSteps(run!.id)).filter((s) => s.error).map((s) => `${s.stepId}: ${s.error}`);
    expect(run?.status, failed.join('; ')).toBe('success');
    const sure = { rule: 'llm-review', file: 'src/retry.js', message: ANSWER.findings[0]!.message };
    const [review] = bodies.get('create review') as { body: string; comments: unknown[] }[];
    expect(review).toMatchObject({ commit_id: HEAD, event: 'COMMENT' });
    expect(review!.comments).toEqual([
      {
        path: 'src/retry.js',
        start_line: 3,
        start_side: 'RIGHT',
        line: 5,
        side: 'RIGHT',
        body: [
          '❌ **llm-review**: The empty catch swallows every failure, so when all attempts fail retry returns undefined instead of the error.',
          '',
          '_Suggestion:_ Rethrow the error of the last attempt.',
          '',
          '```suggestion',
          '    try {',
          '      return fn();',
          '    } catch (error) {',
          '      if (i === attempts - 1) throw error;',
          '    }',
          '```',
          '',
          `<!-- agentic-sdlc:finding:${findingFingerprint(sure)} -->`,
        ].join('\n'),
      },
    ]);
    expect(review!.body).toContain(
      'Below the high-confidence threshold for inline comments (1):\n\n- ⚠️ `src/retry.js:2` **llm-review** (medium confidence): The loop calls fn one time more than attempts.',
    );

    const [update] = bodies.get('update check') as { output: { annotations: { start_line: number; raw_details?: string }[] } }[];
    expect(update!.output.annotations.find((a) => a.start_line === 3)?.raw_details).toBe(
      'Rethrow the error of the last attempt.\n\nSuggested replacement for lines 3-5:\ntry {\n  return fn();\n} catch (error) {\n  if (i === attempts - 1) throw error;\n}\n',
    );
  });
});
