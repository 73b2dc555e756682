import nock from 'nock';
import { Probot } from 'probot';
import { afterEach, expect, it } from 'vitest';
import { checkRunAction } from '../../src/integrations/github/actions/check-run.js';
import type { Finding } from '../../src/analysis/finding.js';
import { createLogger } from '../../src/logger.js';
import { API, mockToken, PRIVATE_KEY, strictNock, TestOctokit } from './helpers.js';

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

it('concludes a check run with 120 annotations in three requests of at most 50, the last one completing it', async () => {
  strictNock();
  const probot = new Probot({ appId: 1, privateKey: PRIVATE_KEY, Octokit: TestOctokit, log: createLogger('silent') });
  const action = checkRunAction({ octokitFor: (id) => probot.auth(id), installationFor: () => Promise.resolve(1) });
  const findings: Finding[] = Array.from({ length: 120 }, (_, i) => ({ rule: 'todo', severity: 'info', message: `t${i}`, file: 'a.ts', line: i + 1 }));
  const sent: { status: string; conclusion?: string; output: { annotations: unknown[] } }[] = [];
  mockToken();
  nock(API)
    .patch('/repos/o/r/check-runs/7', (body: (typeof sent)[number]) => {
      sent.push(body);
      return true;
    })
    .times(3)
    .reply(200, { id: 7, html_url: 'u' });
  const output = await action.run(
    { runId: 'run_1', workflow: 'pr-review', stepId: 'conclude', attempt: 1 },
    action.input.parse({ mode: 'complete', repo: 'o/r', checkRunId: 7, headSha: 'a'.repeat(40), conclusion: 'success', summary: 'ok', findings }),
    { signal: new AbortController().signal, log: { debug() {}, info() {}, warn() {}, error() {} }, emit() {} },
  );
  expect(sent.map((body) => [body.status, body.conclusion, body.output.annotations.length])).toEqual([
    ['in_progress', undefined, 50],
    ['in_progress', undefined, 50],
    ['completed', 'success', 20],
  ]);
  expect(output).toEqual({ checkRunId: 7, headSha: 'a'.repeat(40), url: 'u', annotations: 120 });
});
