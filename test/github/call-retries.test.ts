import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { step, workflow } from '../helpers/engine.js';
import { API, mockToken, PRIVATE_KEY, strictNock, WEBHOOK_SECRET } from './helpers.js';

/** Octokit as in production (retry on), but retrying after 1, 4, 9 ms instead of seconds. */
const RetryingOctokit: typeof ProbotOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: true, retryAfterBaseValue: 1 },
  throttle: { ...(options.throttle as object | undefined), enabled: false },
}));

const FILES = '/repos/Codertocat/Hello-World/pulls/1/files';
const listFiles = workflow('list-files', [step('files', 'github.pr-diff', { with: { repo: 'Codertocat/Hello-World', number: 1 } })]);
const event = { source: 'github' as const, event: 'pull_request', repo: 'Codertocat/Hello-World', number: 1, payload: { installation: { id: 1 } } };

let lines: Record<string, unknown>[];
let dir: string;
let runtime: Runtime;
beforeEach(async () => {
  strictNock();
  lines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-retries-'));
  const config = configSchema.parse({ db: join(dir, 'state.db'), github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: WEBHOOK_SECRET } });
  runtime = await createRuntime(config, { logger: createLogger('info', sink), githubOctokit: RetryingOctokit, analysisThread: false });
  runtime.engine.start();
});
afterEach(async () => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
  expect(pending).toEqual([]);
});

async function run() {
  const { run: submitted } = await runtime.engine.submit(listFiles, { event });
  return runtime.engine.waitFor(submitted.id);
}

const retryLines = () => lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('GitHub call failed, retrying'));

describe('GitHub calls that fail', () => {
  it('an unreachable GitHub: each retry is logged at warn with the call and attempt, and the step error and its log line name the call', async () => {
    mockToken();
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND api.github.com'), { code: 'ENOTFOUND' });
    nock(API).get(FILES).query(true).times(4).replyWithError(failure);
    const finished = await run();
    expect(retryLines().map((line) => [line.level, line.method, line.route, line.attempt, line.code])).toEqual([
      [40, 'GET', FILES, 1, 'ENOTFOUND'],
      [40, 'GET', FILES, 2, 'ENOTFOUND'],
      [40, 'GET', FILES, 3, 'ENOTFOUND'],
    ]);
    expect(finished.status).toBe('failure');
    const error = `listing the pull request files (GET ${FILES}, 4 attempts): GitHub could not be reached: getaddrinfo ENOTFOUND api.github.com`;
    expect((await runtime.store.getSteps(finished.id)).map((saved) => saved.error)).toEqual([error]);
    // The server log carries it too, not only the run's "step files failed".
    expect(lines.filter((line) => line.msg === 'step failed').map((line) => [line.level, line.error])).toEqual([[40, error]]);
  });

  it('a 502 that clears up: the retry is logged, the run succeeds', async () => {
    mockToken();
    nock(API).get(FILES).query(true).reply(502, { message: 'Bad Gateway' }).get(FILES).query(true).reply(200, []);
    const finished = await run();
    expect(retryLines().map((line) => [line.route, line.attempt, line.status])).toEqual([[FILES, 1, 502]]);
    expect(finished.status).toBe('success');
  });

  it('a call GitHub refuses for good is not retried, and its error names the route template', async () => {
    mockToken();
    nock(API).get('/repos/Codertocat/Hello-World/pulls/1').reply(404, { message: 'Not Found' });
    const describe = workflow('describe', [step('body', 'github.pr-body', { with: { repo: 'Codertocat/Hello-World', number: 1, section: 'x' } })]);
    const { run: submitted } = await runtime.engine.submit(describe, { event });
    const finished = await runtime.engine.waitFor(submitted.id);
    expect(retryLines()).toEqual([]);
    expect((await runtime.store.getSteps(finished.id)).map((saved) => saved.error)).toEqual([
      'reading the pull request (GET /repos/{owner}/{repo}/pulls/{pull_number}): GitHub answered 404: Not Found (not found, or the app is not installed there)',
    ]);
  });
});
