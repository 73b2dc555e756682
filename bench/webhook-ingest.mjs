// Webhook ingest: signed `pull_request.opened` deliveries over HTTP (loopback only), against
// `agentic-sdlc serve`'s server (embedded SQLite store, the request records and queues one run) and, in the
// same run, against a bare Probot app whose handler does nothing; then failed-build notifications to the same
// server's Jenkins webhook (token check, parse, one run of workflows/ci-failure.yml recorded per build). Two
// loads: as fast as 16 connections go (throughput), and paced at 200 requests/s (latency).
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { request, Agent } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, percentile, table } from './lib.mjs';

const SECRET = 'bench-secret';
const THROUGHPUT_REQUESTS = 3000;
const CONNECTIONS = 16;
const PACED_RATE = 200;
const PACED_REQUESTS = 1000;
const WARMUP = 300;
const ROUNDS = 3;

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples');
const opened = examples.find((e) => e.name === 'pull_request').examples.find((p) => p.action === 'opened' && p.installation);
const BODY = JSON.stringify(opened);
const SIGNATURE = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;
/** The token bench/webhook-server.mjs configures as JENKINS_WEBHOOK_TOKEN. */
const JENKINS_TOKEN = 'bench-jenkins-token-0123456789';

let delivery = 0;
/** One request of each kind: GitHub's signed delivery, or a Jenkinsfile's failed-build JSON (a new build each time). */
const requests = {
  github: () => ({
    path: '/api/github/webhooks',
    body: BODY,
    headers: { 'x-github-event': 'pull_request', 'x-github-delivery': `bench-${process.pid}-${++delivery}`, 'x-hub-signature-256': SIGNATURE },
  }),
  jenkins: () => {
    const build = ++delivery;
    const body = JSON.stringify({ job: 'app-build', build, status: 'FAILURE', url: `http://127.0.0.1:8080/job/app-build/${build}/`, commit: 'c6d86dc654b12425e706bcf951adfe5a8627a517', repo: 'acme/app' });
    return { path: '/api/jenkins/webhook', body, headers: { authorization: `Bearer ${JENKINS_TOKEN}` } };
  },
};

function post(port, agent, target = 'github') {
  const { path, body, headers } = requests[target]();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.resume();
        // 202: the Jenkins route recorded a run.
        res.on('end', () => (res.statusCode === 200 || res.statusCode === 202 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function throughput(port, total, target) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < total) {
        next++;
        latencies.push(await post(port, agent, target));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function paced(port, target) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies = [];
  const interval = 1000 / PACED_RATE;
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < PACED_REQUESTS; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(post(port, agent, target).then((ms) => latencies.push(ms)));
  }
  await Promise.all(pending);
  agent.destroy();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: PACED_REQUESTS / ((performance.now() - started) / 1000) };
}

/**
 * Each server runs in its own process, so the load generator here does not share its event loop: the
 * ratio compares the servers, not how the client's work happens to interleave with theirs.
 */
function startServerProcess(kind) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'webhook-server.mjs'), kind], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /PORT (\d+)/.exec(out);
      if (match) {
        resolve({
          port: Number(match[1]),
          close: () => new Promise((done) => {
            child.on('exit', done);
            child.stdin.end();
          }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function measure(kind, requestKind = 'github') {
  const target = await startServerProcess(kind);
  try {
    await throughput(target.port, WARMUP, requestKind);
    const fast = await throughput(target.port, THROUGHPUT_REQUESTS, requestKind);
    const steady = await paced(target.port, requestKind);
    return { fast, steady };
  } finally {
    await target.close();
  }
}

export async function benchWebhookIngest() {
  // Alternate the two and keep each one's best round: the machine is shared and noisy.
  const rounds = { bare: [], agentic: [], jenkins: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.bare.push(await measure('bare'));
    rounds.agentic.push(await measure('agentic'));
    rounds.jenkins.push(await measure('agentic', 'jenkins'));
  }
  const best = (list) => list.reduce((a, b) => (b.fast.rps > a.fast.rps ? b : a));
  const bare = best(rounds.bare);
  const agentic = best(rounds.agentic);
  const jenkins = best(rounds.jenkins);
  table(
    `Webhook ingest: signed pull_request.opened (GitHub) and a Jenkinsfile's failed-build JSON (Jenkins, bearer token) over loopback HTTP, server in its own process (${THROUGHPUT_REQUESTS} requests on ${CONNECTIONS} connections; then ${PACED_REQUESTS} at ${PACED_RATE}/s; best of ${ROUNDS} alternating rounds)`,
    ['server', 'req/s (max)', 'p50 ms', 'p99 ms', `p50 ms @${PACED_RATE}/s`, `p99 ms @${PACED_RATE}/s`, 'req/s vs bare', 'req/s vs GitHub ingest'],
    [
      ['bare Probot, no-op handler (baseline)', fmt(bare.fast.rps, 0), fmt(bare.fast.p50, 2), fmt(bare.fast.p99, 2), fmt(bare.steady.p50, 2), fmt(bare.steady.p99, 2), '1.00x', ''],
      ['agentic-sdlc serve (records + queues a run)', fmt(agentic.fast.rps, 0), fmt(agentic.fast.p50, 2), fmt(agentic.fast.p99, 2), fmt(agentic.steady.p50, 2), fmt(agentic.steady.p99, 2), `${fmt(agentic.fast.rps / bare.fast.rps, 2)}x`, '1.00x'],
      ['agentic-sdlc serve, Jenkins failed-build JSON (records + queues a ci-failure run)', fmt(jenkins.fast.rps, 0), fmt(jenkins.fast.p50, 2), fmt(jenkins.fast.p99, 2), fmt(jenkins.steady.p50, 2), fmt(jenkins.steady.p99, 2), `${fmt(jenkins.fast.rps / bare.fast.rps, 2)}x`, `${fmt(jenkins.fast.rps / agentic.fast.rps, 2)}x`],
    ],
  );
  console.log(`\nTargets: >= 0.80x the bare Probot app's requests/s; p99 < 50 ms at ${PACED_RATE} requests/s.`);
}

