// The Lambda ingest, invoked in-process with API Gateway HTTP API / function URL events (payload format 2.0), on
// a real PostgreSQL database and Redis prefix of its own: what each webhook leaves in PostgreSQL and in the
// BullMQ queue the workers take runs from.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nock from 'nock';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLambdaIngest, handler, type LambdaIngest } from '../../src/serverless/lambda.js';
import { example, PRIVATE_KEY, WEBHOOK_SECRET } from '../github/helpers.js';
import { requirePostgres, requireRedis } from '../helpers/services.js';
import { atPhase, WEBHOOK_TOKEN } from '../jenkins/helpers.js';
import { BOT_TOKEN, SIGNING_SECRET, slackSignature, slashCommand } from '../slack/helpers.js';

// The shared helpers import nock, which patches node:http on import; the ingest's loopback call must be a real one.
nock.restore();

const postgresUrl = await requirePostgres();
const redisUrl = await requireRedis();

/** The queue `src/queue/bullmq-queue.ts` names by default, under the runtime's `redisPrefix`. */
const QUEUE_NAME = 'agentic-sdlc-runs';
const MAX_BODY = 64 * 1024;

/** An event as a Lambda function URL delivers it (the shape of AWS's documented example). */
function httpEvent(method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer; base64?: boolean; query?: string } = {}) {
  const bytes = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: { host: 'abcdefg.lambda-url.us-east-1.on.aws', 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.10', ...options.headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefg',
      domainName: 'abcdefg.lambda-url.us-east-1.on.aws',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: options.base64 ?? false,
    ...(bytes ? { body: options.base64 ? bytes.toString('base64') : bytes.toString('utf8') } : {}),
  };
}

function githubSignature(body: Buffer | string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function githubDelivery(body: Buffer | string, delivery: string, options: { signature?: string; base64?: boolean } = {}) {
  return httpEvent('POST', '/api/github/webhooks', {
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': delivery, 'x-hub-signature-256': options.signature ?? githubSignature(body) },
    body,
    ...(options.base64 ? { base64: true } : {}),
  });
}

/** Slack sends form bodies, which a function URL passes base64-encoded. */
function slackCommand(trigger: string, timestamp = String(Math.floor(Date.now() / 1000))) {
  const body = slashCommand('help', { trigger_id: trigger });
  return httpEvent('POST', '/slack/events', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body) },
    body,
    base64: true,
  });
}

function jenkinsBuild(payload: unknown, token = WEBHOOK_TOKEN) {
  return httpEvent('POST', '/api/jenkins/webhook', { headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(payload) });
}

describe.skipIf(!postgresUrl || !redisUrl)('the Lambda ingest on PostgreSQL and Redis', () => {
  const id = randomBytes(5).toString('hex');
  const database = `lambda_${id}`;
  const prefix = `test-lambda-${id}`;
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-lambda-'));
  let ingest: LambdaIngest;
  let state: pg.Pool;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(postgresUrl!);
    url.pathname = `/${database}`;
    state = new pg.Pool({ connectionString: url.toString() });
    redis = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAME, { connection: redis, prefix });
    // The environment a deployed function has (deploy/lambda/template.yaml), read the way the function reads it.
    ingest = createLambdaIngest({
      cwd: dir,
      env: {
        DATABASE_URL: url.toString(),
        REDIS_URL: redisUrl,
        AGENTIC_SDLC_REDIS_PREFIX: prefix,
        APP_ID: '1',
        PRIVATE_KEY,
        WEBHOOK_SECRET,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        JENKINS_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
        AGENTIC_SDLC_MAX_BODY_BYTES: String(MAX_BODY),
        AGENTIC_SDLC_LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
      },
    });
  });

  afterAll(async () => {
    // The database and keys go even when closing fails.
    await Promise.allSettled([ingest?.close(), queue?.close()]);
    const keys = redis ? await redis.keys(`${prefix}:*`) : [];
    if (keys.length) await redis.del(...keys);
    redis?.disconnect();
    await state?.end();
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runsKeyed(key: string) {
    const { rows } = await state.query<{ id: string; workflow_name: string; status: string }>('SELECT id, workflow_name, status FROM runs WHERE idempotency_key = $1', [key]);
    return rows;
  }
  const runCount = async () => Number((await state.query<{ count: string }>('SELECT count(*) AS count FROM runs')).rows[0]!.count);
  const queued = async () => Object.values(await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'paused', 'active')).reduce((sum, count) => sum + count, 0);

  it('records a signed GitHub pull_request delivery as one run in PostgreSQL and one job on the queue, then answers', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const result = await ingest.handler(githubDelivery(body, 'lambda-good'));
    expect(result.statusCode).toBe(200);
    const answer = JSON.parse(result.body) as { status: string; runId: string };
    expect(answer.status).toBe('queued');
    expect(await runsKeyed('lambda-good')).toEqual([{ id: answer.runId, workflow_name: 'github-dispatch', status: 'queued' }]);
    expect(await queued()).toBe(1);
    expect((await queue.getJob(answer.runId))?.data).toEqual({ runId: answer.runId });
  });

  it('the same delivery again records no second run and queues nothing more', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const [first] = await runsKeyed('lambda-good');
    const result = await ingest.handler(githubDelivery(body, 'lambda-good'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'duplicate', runId: first!.id });
    expect(await runsKeyed('lambda-good')).toHaveLength(1);
    expect(await queued()).toBe(1);
  });

  it('refuses a bad signature with 401 and records nothing', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const [runs, jobs] = [await runCount(), await queued()];
    const result = await ingest.handler(githubDelivery(body, 'lambda-bad', { signature: githubSignature(body, 'not the webhook secret') }));
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toEqual({ error: 'the signature (X-Hub-Signature-256) does not match the webhook secret' });
    expect([await runCount(), await queued()]).toEqual([runs, jobs]);
  });

  it('verifies a base64-encoded body over its decoded bytes (non-ASCII text included)', async () => {
    const payload = example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);
    (payload.pull_request as { title: string }).title = 'Café ✓: naïve façade';
    const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
    const result = await ingest.handler(githubDelivery(bytes, 'lambda-base64', { base64: true }));
    expect(result.statusCode).toBe(200);
    expect(await runsKeyed('lambda-base64')).toEqual([expect.objectContaining({ workflow_name: 'github-dispatch', status: 'queued' })]);
    expect(await queued()).toBe(2);
  });

  it('acknowledges a signed Slack slash command with an empty 200 once its slack-dispatch run is recorded', async () => {
    const trigger = `lambda-${id}.1`;
    const result = await ingest.handler(slackCommand(trigger));
    expect(result).toMatchObject({ statusCode: 200, body: '' });
    const [run] = await runsKeyed(`slack:${trigger}`);
    expect(run).toMatchObject({ workflow_name: 'slack-dispatch', status: 'queued' });
    expect(await queue.getJob(run!.id)).toBeDefined();
  });

  it('refuses a Slack request signed more than five minutes ago with 401 and records nothing', async () => {
    const trigger = `lambda-${id}.stale`;
    const stale = String(Math.floor(Date.now() / 1000) - 10 * 60);
    const result = await ingest.handler(slackCommand(trigger, stale));
    expect(result.statusCode).toBe(401);
    expect(await runsKeyed(`slack:${trigger}`)).toEqual([]);
  });

  it('records the runs a Jenkins notification with the right bearer token starts (202)', async () => {
    const result = await ingest.handler(jenkinsBuild(atPhase('FINALIZED', 'FAILURE')));
    expect(result.statusCode).toBe(202);
    const answer = JSON.parse(result.body) as { status: string; runIds: string[] };
    expect(answer.status).toBe('queued');
    const [run] = await runsKeyed('jenkins:asgard#18:FINALIZED:ci-failure');
    expect(answer.runIds).toEqual([run!.id]);
    expect(await queue.getJob(run!.id)).toBeDefined();
  });

  it('passes the query string on: the Jenkins token as ?token= (for plugins that can only be given a URL)', async () => {
    const payload = { ...atPhase('FINALIZED', 'FAILURE'), name: 'lambda-query' };
    const event = httpEvent('POST', '/api/jenkins/webhook', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), query: `token=${WEBHOOK_TOKEN}` });
    expect((await ingest.handler(event)).statusCode).toBe(202);
    expect(await runsKeyed('jenkins:lambda-query#18:FINALIZED:ci-failure')).toHaveLength(1);
  });

  it('refuses a wrong Jenkins token with 401 and records nothing, a large body included', async () => {
    const [runs, jobs] = [await runCount(), await queued()];
    const large = { ...atPhase('FINALIZED', 'FAILURE'), padding: 'x'.repeat(MAX_BODY - 2_000) };
    for (const payload of [atPhase('FINALIZED', 'UNSTABLE'), large]) {
      const result = await ingest.handler(jenkinsBuild(payload, 'not-the-jenkins-token'));
      expect(result.statusCode).toBe(401);
    }
    expect([await runCount(), await queued()]).toEqual([runs, jobs]);
  });

  it('answers 404 for a path no webhook is at, naming those that are', async () => {
    const result = await ingest.handler(httpEvent('POST', '/api/jobs', { headers: { 'content-type': 'application/json' }, body: '{}' }));
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body)).toEqual({ error: 'not_found', message: expect.stringContaining('/api/github/webhooks') });
  });

  it('refuses a body over server.maxBodyBytes with 413 and records nothing', async () => {
    const payload = example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);
    (payload.pull_request as { body: string }).body = 'x'.repeat(MAX_BODY);
    const body = JSON.stringify(payload);
    const result = await ingest.handler(githubDelivery(body, 'lambda-oversized'));
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ error: `request body over ${MAX_BODY} bytes (server.maxBodyBytes)` });
    expect(await runsKeyed('lambda-oversized')).toEqual([]);
  });
});

describe('the Lambda ingest refuses to start without the distributed deployment', () => {
  const event = httpEvent('POST', '/api/github/webhooks', { body: '{}' });

  it('names REDIS_URL and DATABASE_URL when neither is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-lambda-'));
    const ingest = createLambdaIngest({ cwd: dir, env: { AGENTIC_SDLC_LOG_LEVEL: 'silent' } });
    await expect(ingest.handler(event)).rejects.toThrow(/needs REDIS_URL \(.*\) and DATABASE_URL \(.*\): a Lambda keeps no state/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the exported handler, on Lambda, starts at import; a failed start fails not the import but the first event, naming the fix', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'agentic-sdlc-ingest');
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:1');
    vi.stubEnv('DATABASE_URL', '');
    vi.resetModules();
    try {
      const fresh = (await import('../../src/serverless/lambda.js')) as { handler: typeof handler };
      const error = await fresh.handler(event).then(() => undefined, (caught: unknown) => caught as Error);
      expect(error?.message).toMatch(/needs DATABASE_URL \(/);
      expect(error?.message).not.toMatch(/REDIS_URL/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses an event that is not payload format 2.0, saying which it takes', async () => {
    const ingest = createLambdaIngest({ env: {} });
    await expect(ingest.handler({ httpMethod: 'POST', path: '/api/github/webhooks', body: '{}' })).rejects.toThrow(/payload format 2\.0/);
  });
});
