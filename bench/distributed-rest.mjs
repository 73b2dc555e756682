// REST `execute` overhead, for bench/distributed.mjs: `POST /api/workflows/execute` of the 3-step no-op workflow
// (waiting for completion) against `engine.submit` + `engine.waitFor` on the same runtime, one call at a time.
// The real composition root and server, embedded (SQLite + MemoryQueue), on loopback, bootstrap token.
import { Buffer } from 'node:buffer';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { configSchema } from '../dist/config/schema.js';
import { ActionRegistry } from '../dist/engine/action.js';
import { createLogger } from '../dist/logger.js';
import { createRuntime } from '../dist/runtime.js';
import { startServer } from '../dist/server/start-server.js';
import { noop } from './distributed-backends.mjs';
import { fmt, percentile, table } from './lib.mjs';

const CALLS = 300;
const WARMUP = 30;
/** Calls alternate between the two ways in blocks of this size, so drift on a noisy machine hits both. */
const BLOCK = 50;
const TOKEN = 'bench-bootstrap-token-0123456789abcdef';

const WORKFLOW = `
name: bench-3
on: { api: true }
steps:
  - { id: a, uses: bench.noop }
  - { id: b, uses: bench.noop, needs: [a] }
  - { id: c, uses: bench.noop, needs: [b] }
`;
const BODY = JSON.stringify({ workflow: 'bench-3' });

function execute(port, agent) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/workflows/execute',
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          // 200 only once the job has ended; it must have succeeded.
          if (res.statusCode === 200 && JSON.parse(text).status === 'success') resolve(performance.now() - started);
          else reject(new Error(`execute answered ${res.statusCode}: ${text.slice(0, 200)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

export async function benchRestExecute() {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-'));
  mkdirSync(join(dir, 'workflows'));
  writeFileSync(join(dir, 'workflows', 'bench-3.yml'), WORKFLOW);
  const config = configSchema.parse({
    db: join(dir, 'state.db'),
    log: { level: 'silent' },
    workflows: { dirs: [join(dir, 'workflows')] },
    // The default 600 calls a minute would throttle the bench itself.
    api: { bootstrapToken: TOKEN, rateLimitPerMinute: 1_000_000 },
  });
  const runtime = await createRuntime(config, { logger: createLogger('silent'), actions: new ActionRegistry().register(noop), analysisThread: false });
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const workflow = runtime.workflows.get('bench-3');
  const inProcess = async () => {
    const started = performance.now();
    const { run } = await runtime.engine.submit(workflow);
    const done = await runtime.engine.waitFor(run.id);
    if (done.status !== 'success') throw new Error(`run ${run.id} ended ${done.status}`);
    return performance.now() - started;
  };
  const overHttp = () => execute(server.address.port, agent);
  const samples = { http: [], engine: [] };
  try {
    for (let i = 0; i < WARMUP; i++) {
      await overHttp();
      await inProcess();
    }
    for (let done = 0; done < CALLS; done += BLOCK) {
      for (let i = 0; i < BLOCK; i++) samples.engine.push(await inProcess());
      for (let i = 0; i < BLOCK; i++) samples.http.push(await overHttp());
    }
  } finally {
    agent.destroy();
    await server.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const [e50, e99, h50, h99] = [percentile(samples.engine, 50), percentile(samples.engine, 99), percentile(samples.http, 50), percentile(samples.http, 99)];
  table(
    `REST execute overhead: ${CALLS} sequential calls each of the 3-step no-op workflow, waiting for completion (embedded SQLite; loopback HTTP, client in the same process; alternating blocks of ${BLOCK})`,
    ['how', 'p50 ms', 'p99 ms', 'p50 vs in-process', 'p99 vs in-process', 'p50 added ms'],
    [
      ['engine.submit + engine.waitFor in-process (baseline)', fmt(e50, 2), fmt(e99, 2), '1.00x', '1.00x', '-'],
      ['POST /api/workflows/execute (bootstrap token)', fmt(h50, 2), fmt(h99, 2), `${fmt(h50 / e50, 2)}x`, `${fmt(h99 / e99, 2)}x`, fmt(h50 - e50, 2)],
    ],
  );
}
