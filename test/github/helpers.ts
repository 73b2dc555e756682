import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { afterEach, beforeEach, expect } from 'vitest';
import { ProbotOctokit } from 'probot';
import examples from '@octokit/webhooks-examples';
import { configSchema, type ConfigInput } from '../../src/config/schema.js';
import type { RunRecord } from '../../src/engine/run-record.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';

export const API = 'https://api.github.com';
export const WEBHOOK_SECRET = 'test-webhook-secret';
export const PROBOT_FILES_FIXTURE = fileURLToPath(new URL('../fixtures/github/pulls-files-probot-v13.4.4..v13.4.5.json', import.meta.url));

/** A throwaway App key, generated once per test file (never committed). */
export const PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

/**
 * Retry and throttling off in tests only, so a mocked 5xx fails at once and writes are not spaced out.
 * The function form is needed: Probot passes its own `throttle` options per instance, and the object form of
 * `defaults` would be overridden by them (throttling silently back on, 1-3 s per write).
 */
export const TestOctokit: typeof ProbotOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object | undefined), enabled: false },
}));

type Example = Record<string, unknown> & { action?: string; installation?: { id: number } };

/** A real payload from @octokit/webhooks-examples, deep-copied so a test may change it. */
export function example(name: string, predicate: (payload: Example) => boolean = () => true): Example {
  const definition = (examples as unknown as { name: string; examples: Example[] }[]).find((entry) => entry.name === name);
  const found = definition?.examples.find(predicate);
  if (!found) throw new Error(`no ${name} example matches`);
  return structuredClone(found);
}

export function allExamples(name: string): Example[] {
  return structuredClone((examples as unknown as { name: string; examples: Example[] }[]).find((entry) => entry.name === name)!.examples);
}

export interface Rig {
  runtime: Runtime;
  receive(name: string, payload: unknown, id?: string): Promise<void>;
  /** Waits until the queue is idle: the dispatch run and the runs it started have finished. */
  settle(): Promise<void>;
  runs(workflow?: string): Promise<RunRecord[]>;
  cleanup(): Promise<void>;
}

let deliveries = 0;

/** The real composition root on a temp SQLite file, with the fixture workflows and a test Octokit. */
export async function createRig(overrides: Partial<ConfigInput> = {}, options: { start?: boolean; load?: boolean } = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-github-'));
  const config = configSchema.parse({
    db: join(dir, 'state.db'),
    log: { level: 'silent' },
    github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: WEBHOOK_SECRET },
    ...overrides,
  });
  const runtime = await createRuntime(config, { logger: createLogger(process.env.TEST_LOG ?? 'silent'), githubOctokit: TestOctokit });
  if (options.start !== false) runtime.engine.start();
  const probot = await runtime.github.probot();
  // The server test loads the app through `startServer`, as `serve` does.
  if (options.load !== false) await probot.load(runtime.github.app);
  return {
    runtime,
    async receive(name, payload, id = `delivery-${++deliveries}`) {
      await probot.receive({ id, name, payload } as Parameters<typeof probot.receive>[0]);
    },
    async settle() {
      await runtime.queue.drain();
    },
    async runs(workflow) {
      return runtime.store.listRuns({ limit: 100, ...(workflow ? { workflow } : {}) });
    },
    async cleanup() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Installation token exchange: Probot asks once per installation and caches the token. */
export function mockToken(installationId = 1) {
  return nock(API).post(`/app/installations/${installationId}/access_tokens`).reply(201, { token: 'ghs_test', expires_at: '2999-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
}

/** No `.github/agentic-sdlc.yml` in the repo nor in the org's `.github` repo. */
export function mockNoRepoConfig(owner = 'Codertocat', repo = 'Hello-World') {
  return nock(API)
    .get(`/repos/${owner}/${repo}/contents/${encodeURIComponent('.github/agentic-sdlc.yml')}`)
    .reply(404, { message: 'Not Found' })
    .get(`/repos/${owner}/.github/contents/${encodeURIComponent('.github/agentic-sdlc.yml')}`)
    .reply(404, { message: 'Not Found' });
}

export function mockRepoConfig(yaml: string, owner = 'Codertocat', repo = 'Hello-World') {
  return nock(API).get(`/repos/${owner}/${repo}/contents/${encodeURIComponent('.github/agentic-sdlc.yml')}`).reply(200, yaml, { 'content-type': 'text/plain; charset=utf-8' });
}

/**
 * Gives every test of the file a fresh rig with strict nock, and checks after each one that every mocked
 * GitHub (or LLM) call was made and nothing else was asked.
 */
export function useRig(onCreate: (rig: Rig) => void, overrides: Partial<ConfigInput> = {}, options: { start?: boolean; load?: boolean } = {}): void {
  let rig: Rig | undefined;
  beforeEach(async () => {
    strictNock();
    rig = await createRig(overrides, options);
    onCreate(rig);
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    await rig?.cleanup();
    expect(pending).toEqual([]);
  });
}

export function strictNock(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
}

/** Records the JSON bodies GitHub received, per key: `.post(path, take('create check'))`. */
export function recorder() {
  const bodies = new Map<string, unknown[]>();
  const take = (key: string) => (body: unknown) => {
    bodies.set(key, [...(bodies.get(key) ?? []), body]);
    return true;
  };
  return { bodies, take };
}

/**
 * The GitHub calls of a pr-review run on a pull request with no changed files: check run `checkId` created,
 * the files listed, the review comments read for feedback, the sticky comment created, the check concluded. `take` records the check bodies.
 */
export function mockEmptyReview(checkId: number, options: { number?: number; take?: ReturnType<typeof recorder>['take']; files?: unknown[] } = {}) {
  const repo = '/repos/Codertocat/Hello-World';
  const number = options.number ?? 2;
  const take = options.take ?? recorder().take;
  return nock(API)
    .post(`${repo}/check-runs`, take('create check'))
    .reply(201, { id: checkId, html_url: `https://github.com/Codertocat/Hello-World/runs/${checkId}` })
    .get(`${repo}/pulls/${number}/files`)
    .query({ per_page: 100 })
    .reply(200, options.files ?? [])
    .get(`${repo}/issues/${number}/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .post(`${repo}/issues/${number}/comments`)
    .reply(201, { id: 501, html_url: 'https://github.com/Codertocat/Hello-World/pull/2#issuecomment-501' })
    // The feedback step: 👎 reactions and replies on earlier review comments (none here).
    .get(`${repo}/pulls/${number}/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .patch(`${repo}/check-runs/${checkId}`, take('conclude check'))
    .reply(200, { id: checkId });
}

/** A real `issue_comment.created` payload on PR #1 (issue.pull_request set), commenting `body` as `sender`. */
export function commandComment(body: string, sender: { login: string; type: string } = { login: 'Codertocat', type: 'User' }, onPr = true) {
  const payload = example('issue_comment', (p) => p.action === 'created' && p.installation !== undefined);
  (payload.comment as { body: string }).body = body;
  Object.assign(payload.sender as object, sender);
  const issue = payload.issue as { pull_request?: unknown; number: number };
  if (onPr) issue.pull_request = { url: `https://api.github.com/repos/Codertocat/Hello-World/pulls/${issue.number}` };
  return payload;
}

/** The commenter's permission lookup, answered with `permission`. */
export function mockPermission(login: string, permission: string) {
  return nock(API).get(`/repos/Codertocat/Hello-World/collaborators/${login}/permission`).reply(200, { permission, role_name: permission, user: { login } });
}

/** The 👀 reaction that acknowledges an accepted command. */
export function mockReaction(payload: Example) {
  const id = (payload.comment as { id: number }).id;
  return nock(API).post(`/repos/Codertocat/Hello-World/issues/comments/${id}/reactions`, { content: 'eyes' }).reply(201, { id: 1, content: 'eyes' });
}
