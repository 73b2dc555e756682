// Webhook ingest: signed `pull_request.opened` deliveries over HTTP (loopback only), against
// `agentic-sdlc serve`'s server (embedded SQLite store, the request records and queues one run) and, in the
// same run, against a bare Probot app whose handler does nothing. Two loads: as fast as 16 connections go
// (throughput), and paced at 200 requests/s (latency).
import { Buffer } from 'node:buffer';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, Agent } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Probot, createNodeMiddleware } from 'probot';
import { configSchema } from '../dist/config/schema.js';
import { createLogger } from '../dist/logger.js';
import { createRuntime } from '../dist/runtime.js';
import { startServer } from '../dist/server/start-server.js';
import { fmt, percentile, table } from './lib.mjs';

const SECRET = 'bench-secret';
const THROUGHPUT_REQUESTS = 3000;
const CONNECTIONS = 16;
const PACED_RATE = 200;
const PACED_REQUESTS = 1000;
const WARMUP = 300;

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples');
const opened = examples.find((e) => e.name === 'pull_request').examples.find((p) => p.action === 'opened' && p.installation);
const BODY = JSON.stringify(opened);
const SIGNATURE = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;
const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

let delivery = 0;
function post(port, agent) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/github/webhooks',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(BODY),
          'x-github-event': 'pull_request',
          'x-github-delivery': `bench-${process.pid}-${++delivery}`,
          'x-hub-signature-256': SIGNATURE,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

async function throughput(port, total) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < total) {
        next++;
        latencies.push(await post(port, agent));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function paced(port) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies = [];
  const interval = 1000 / PACED_RATE;
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < PACED_REQUESTS; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(post(port, agent).then((ms) => latencies.push(ms)));
  }
  await Promise.all(pending);
  agent.destroy();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: PACED_REQUESTS / ((performance.now() - started) / 1000) };
}

async function startAgentic() {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-'));
  const config = configSchema.parse({ db: join(dir, 'state.db'), log: { level: 'silent' }, github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: SECRET } });
  const runtime = await createRuntime(config, { logger: createLogger('silent') });
  // Web-only: the request path alone (verify, normalize, record, enqueue). Executing the recorded runs would
  // call api.github.com, which a loopback-only benchmark must not.
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', worker: false });
  return {
    port: server.address.port,
    async close() {
      await server.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startBareProbot() {
  const probot = new Probot({ appId: 1, privateKey: PRIVATE_KEY, secret: SECRET, log: createLogger('silent') });
  const middleware = await createNodeMiddleware((app) => app.on('pull_request', async () => {}), { probot });
  const server = createServer((req, res) => middleware(req, res, () => res.writeHead(404).end()));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function measure(start) {
  const target = await start();
  try {
    await throughput(target.port, WARMUP);
    const fast = await throughput(target.port, THROUGHPUT_REQUESTS);
    const steady = await paced(target.port);
    return { fast, steady };
  } finally {
    await target.close();
  }
}

export async function benchWebhookIngest() {
  const bare = await measure(startBareProbot);
  const agentic = await measure(startAgentic);
  table(
    `Webhook ingest: signed pull_request.opened over loopback HTTP (${THROUGHPUT_REQUESTS} requests on ${CONNECTIONS} connections; then ${PACED_REQUESTS} at ${PACED_RATE}/s)`,
    ['server', 'req/s (max)', 'p50 ms', 'p99 ms', `p50 ms @${PACED_RATE}/s`, `p99 ms @${PACED_RATE}/s`, 'req/s vs bare'],
    [
      ['bare Probot, no-op handler (baseline)', fmt(bare.fast.rps, 0), fmt(bare.fast.p50, 2), fmt(bare.fast.p99, 2), fmt(bare.steady.p50, 2), fmt(bare.steady.p99, 2), '1.00x'],
      ['agentic-sdlc serve (records + queues a run)', fmt(agentic.fast.rps, 0), fmt(agentic.fast.p50, 2), fmt(agentic.fast.p99, 2), fmt(agentic.steady.p50, 2), fmt(agentic.steady.p99, 2), `${fmt(agentic.fast.rps / bare.fast.rps, 2)}x`],
    ],
  );
  console.log(`\nTargets: >= 0.80x the bare Probot app's requests/s; p99 < 50 ms at ${PACED_RATE} requests/s.`);
}

