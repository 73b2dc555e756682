// Slack ack latency: 50 signed `/sdlc help` slash commands at once against `agentic-sdlc serve` (the real server
// from dist/, Slack configured, worker on), with the Slack Web API faked by a local HTTP server, so the background
// replies happen while later commands are acknowledged. Baseline, in the same run and process: 50 signed GitHub
// `pull_request.opened` deliveries at once to a web-only server (as bench/webhook-ingest.mjs measures it).
// Slack allows 3 s before it shows the user an error; the target is p99 < 100 ms.
import { Buffer } from 'node:buffer';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, Agent } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import { fmt, percentile, table } from './lib.mjs';

const CONCURRENT = 50;
const ROUNDS = 10;
const SIGNING_SECRET = 'bench-slack-signing-secret';
const WEBHOOK_SECRET = 'bench-secret';

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples');
const OPENED = JSON.stringify(examples.find((e) => e.name === 'pull_request').examples.find((p) => p.action === 'opened' && p.installation));

/** Answers every Web API `chat.*` method `ok`, anything else 404, counting calls. */
function fakeApis() {
  const calls = { slack: 0, other: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url.startsWith('/api/chat.')) {
        calls.slack++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, channel: 'C2147483705', ts: '1700000000.000100', message_ts: '1700000000.000100' }));
      } else {
        calls.other++;
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, calls, close: () => new Promise((done) => server.close(done)) })));
}

function post(port, agent, path, headers, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let sequence = 0;
function slashCommand(port, agent) {
  const params = new URLSearchParams({ token: 'x', team_id: 'T0001', channel_id: 'C2147483705', user_id: 'U2147483697', command: '/sdlc', text: 'help', response_url: 'https://hooks.slack.com/commands/1234/5678', trigger_id: `bench.${process.pid}.${++sequence}` });
  const body = params.toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return post(port, agent, '/slack/events', { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature }, body);
}

function githubDelivery(port, agent) {
  const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(OPENED).digest('hex')}`;
  const headers = { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `bench-${process.pid}-${++sequence}`, 'x-hub-signature-256': signature };
  return post(port, agent, '/api/github/webhooks', headers, OPENED);
}

/** `ROUNDS` bursts of `CONCURRENT` requests at once, each on its own connection; every latency kept. */
async function bursts(fire) {
  const latencies = [];
  for (let round = 0; round < ROUNDS; round++) {
    const agent = new Agent({ keepAlive: false, maxSockets: CONCURRENT });
    latencies.push(...(await Promise.all(Array.from({ length: CONCURRENT }, () => fire(agent)))));
    agent.destroy();
  }
  return latencies;
}

/** `agentic-sdlc serve` from dist/, on a fresh SQLite file, its Slack Web API the local fake. */
async function serve(apiPort, worker) {
  const { configSchema } = await import('../dist/config/schema.js');
  const { createLogger } = await import('../dist/logger.js');
  const { createRuntime } = await import('../dist/runtime.js');
  const { startServer } = await import('../dist/server/start-server.js');
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-slack-'));
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const config = configSchema.parse({
    db: join(dir, 'state.db'),
    log: { level: 'silent' },
    github: { appId: 1, privateKey, webhookSecret: WEBHOOK_SECRET },
    slack: { signingSecret: SIGNING_SECRET, botToken: 'xoxb-bench', apiUrl: `http://127.0.0.1:${apiPort}/api/`, minPostIntervalMs: 0 },
  });
  const runtime = await createRuntime(config, { logger: createLogger('silent') });
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', worker });
  return {
    port: server.address.port,
    drain: () => runtime.queue.drain(),
    async close() {
      await server.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Warm-up (Bolt, SQLite statements, the JIT), then the measured bursts. */
async function measure(fire) {
  await bursts(fire);
  return bursts(fire);
}

export async function benchSlackAck() {
  const apis = await fakeApis();
  try {
    // Worker on: each command's `slack.dispatch` replies to the fake Web API while later commands are acknowledged.
    const slackServer = await serve(apis.port, true);
    const slack = await measure((agent) => slashCommand(slackServer.port, agent));
    await slackServer.drain();
    await slackServer.close();
    // Web-only, as in the webhook benchmark (running the recorded runs would call api.github.com); Slack too, like for like.
    const webOnly = await serve(apis.port, false);
    const github = await measure((agent) => githubDelivery(webOnly.port, agent));
    const slackWebOnly = await measure((agent) => slashCommand(webOnly.port, agent));
    await webOnly.close();
    const row = (name, samples, base) => [name, samples.length, fmt(percentile(samples, 50), 2), fmt(percentile(samples, 99), 2), fmt(Math.max(...samples), 2), base ? `${fmt(percentile(samples, 99) / percentile(base, 99), 2)}x` : '1.00x'];
    table(
      `Slack ack latency: ${ROUNDS} bursts of ${CONCURRENT} concurrent signed requests over loopback, after one warm-up round of bursts; server and client in one process (${apis.calls.slack} background Slack replies to a local fake Web API)`,
      ['request', 'n', 'p50 ms', 'p99 ms', 'max ms', 'p99 vs GitHub'],
      [
        row('GitHub pull_request.opened, web-only (baseline: verify, record, queue)', github),
        row('Slack /sdlc help, web-only (verify, record, queue, ack)', slackWebOnly, github),
        row('Slack /sdlc help, worker on (the same, while replies are sent)', slack, github),
      ],
    );
    console.log('\nTarget: Slack p99 < 100 ms (Slack shows the user an error after 3 s).');
  } finally {
    await apis.close();
  }
}
