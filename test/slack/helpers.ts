import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type ConfigInput } from '../../src/config/schema.js';
import type { RunRecord } from '../../src/engine/run-record.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type StartedServer } from '../../src/server/start-server.js';
import { PRIVATE_KEY, TestOctokit, WEBHOOK_SECRET } from '../github/helpers.js';

export const SIGNING_SECRET = 'slack-test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
/** The Slack Web API, faked by nock in the tests that reach it. */
export const SLACK_API = 'https://slack.test';

export const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors/webhook-vectors.json', import.meta.url), 'utf8')) as {
  slack_signature: { signing_secret: string; x_slack_request_timestamp: string; body: string; x_slack_signature: string; content_type: string };
  slack_slash_command_docs: { body: string };
  slack_url_verification: { body: { challenge: string } };
  slack_app_mention_event_callback: { body: { event_id: string; event: { text: string } } };
};

export interface SlackRig {
  runtime: Runtime;
  server: StartedServer;
  url: string;
  runs(workflow?: string): Promise<RunRecord[]>;
  /** Waits until every queued run has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real composition root and server on port 0, with Slack configured against `SLACK_API` and the GitHub App
 * configured (its installation lookups are nocked where a test names a repository). `workflows` are extra YAML
 * files, by name.
 */
export async function startSlackRig(options: { slack?: Record<string, unknown>; server?: ConfigInput['server']; workflows?: Record<string, string>; worker?: boolean } = {}): Promise<SlackRig> {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-slack-'));
  const workflowDir = join(dir, 'workflows');
  mkdirSync(workflowDir);
  for (const [name, text] of Object.entries(options.workflows ?? {})) writeFileSync(join(workflowDir, name), text);
  const config = configSchema.parse({
    db: join(dir, 'state.db'),
    log: { level: 'silent' },
    github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: WEBHOOK_SECRET },
    slack: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: `${SLACK_API}/api/`, minPostIntervalMs: 0, ...options.slack },
    workflows: { dirs: [workflowDir] },
    ...(options.server ? { server: options.server } : {}),
  });
  const runtime = await createRuntime(config, { logger: createLogger(process.env.TEST_LOG ?? 'silent'), githubOctokit: TestOctokit, analysisThread: false });
  let server: StartedServer;
  try {
    server = await startServer(runtime, { port: 0, host: '127.0.0.1', worker: options.worker ?? true });
  } catch (error) {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    runtime,
    server,
    url: `${server.url}${config.slack.path}`,
    runs: (workflow) => runtime.store.listRuns({ limit: 100, ...(workflow ? { workflow } : {}) }),
    settle: () => runtime.queue.drain(),
    async close() {
      await server.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Posts `body` to the Slack route signed as Slack signs it, now (or at `timestamp`). */
export async function postSigned(url: string, body: string, options: { contentType?: string; timestamp?: string; secret?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
}

/** The documented slash-command body with our command, text and a trigger id of the test's own. */
export function slashCommand(text: string, overrides: Record<string, string> = {}): string {
  const params = new URLSearchParams(vectors.slack_slash_command_docs.body);
  params.set('command', '/sdlc');
  params.set('text', text);
  for (const [key, value] of Object.entries(overrides)) params.set(key, value);
  return params.toString();
}

export function postCommand(url: string, text: string, overrides: Record<string, string> = {}): Promise<Response> {
  return postSigned(url, slashCommand(text, overrides), { contentType: 'application/x-www-form-urlencoded' });
}
