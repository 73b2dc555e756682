// `agentic-sdlc review` on real diffs of growing size: the whole CLI (process start to report) and the
// in-process workflow, against `git apply --numstat` reading the same diff (a native diff parser) and a bare
// `node` start, measured in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fmt, percentile, table } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpora = join(root, 'test/fixtures/diffs/probot');
const DIFFS = ['1k-v13.4.4..v13.4.5.diff', '3k-v14.2.4..v14.3.0.diff', '10k-v10.19.0..v11.0.0.diff', '30k-v12.0.0..v13.0.0.diff'];
const REPEAT = 7;

function timeMs(fn) {
  const samples = [];
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return percentile(samples, 50);
}

export async function benchReview() {
  const { loadConfig } = await import('../dist/config/load-config.js');
  const { createRuntime } = await import('../dist/runtime.js');
  const { createLogger } = await import('../dist/logger.js');
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-review-'));
  const db = join(dir, 'state.db');
  const config = { ...loadConfig({ env: {}, cwd: dir }), db };
  // As the CLI runs it: the analysis on this thread (serve hands large diffs to a worker; see `throughput`).
  const runtime = await createRuntime(config, { logger: createLogger('silent'), analysisThread: false });
  runtime.engine.start();
  const workflow = runtime.workflows.get('pr-review');

  const nodeStart = timeMs(() => execFileSync(process.execPath, ['-e', '0']));
  const rows = [];
  for (const name of DIFFS) {
    const path = join(corpora, name);
    const diff = readFileSync(path, 'utf8');
    const lines = diff.split('\n').length;
    const git = timeMs(() => execFileSync('git', ['apply', '--numstat', path], { maxBuffer: 64 << 20 }));
    const inProcessSamples = [];
    for (let i = 0; i < REPEAT; i++) {
      const start = performance.now();
      const { run } = await runtime.engine.submit(workflow, { inputs: { diff } });
      await runtime.engine.waitFor(run.id);
      inProcessSamples.push(performance.now() - start);
    }
    const inProcess = percentile(inProcessSamples, 50);
    const cli = timeMs(() =>
      execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), '--db', db, 'review', '--diff', path, '--json'], { maxBuffer: 64 << 20 }),
    );
    rows.push([name.replace('.diff', ''), lines, fmt(git, 1), fmt(inProcess, 1), fmt(cli, 1), fmt(cli - nodeStart, 1), `${fmt(inProcess / git, 2)}x`]);
  }
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
  table(
    `review on real probot diffs (median of ${REPEAT}; bare node start ${fmt(nodeStart, 1)} ms)`,
    ['diff', 'lines', 'git apply --numstat ms', 'workflow in-process ms', 'CLI total ms', 'CLI minus node start ms', 'in-process vs git'],
    rows,
  );
  console.log('\nTarget: CLI review of the 30k-line diff under 1 s.');
}
