// Review throughput in MB/s on a real diff against diffs of the same size that are one huge line (the
// shapes that used to make the secret rule backtrack for seconds), measured in the same run and process:
// the analyzer alone (parse + rules, on this thread) and the `pr-review` workflow (whose `diff.analyze`
// step runs large diffs in the analysis worker). Self-contained: it reads only examples/ of this repository.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fmt, percentile, table } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPEAT = 7;
const MINIFIED = 'var a="b",c=1;function d(e){return e+"f"}';

/** `unit` repeated to exactly `length` characters. */
const fill = (unit, length) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** A new file `src/bundle.js` whose one added line (`prefix`, `unit` repeated, `suffix`) makes the diff `size` characters long. */
function oneLineDiff(size, unit, { prefix = '', suffix = '' } = {}) {
  const head = ['diff --git a/src/bundle.js b/src/bundle.js', 'new file mode 100644', '--- /dev/null', '+++ b/src/bundle.js', '@@ -0,0 +1 @@', '+'].join('\n');
  return `${head}${prefix}${fill(unit, size - head.length - prefix.length - suffix.length - 1)}${suffix}\n`;
}

/** About the same text as `oneLineDiff(size, unit)`, cut into added lines of `width` characters. */
function manyLinesDiff(size, unit, width) {
  const count = Math.floor(size / (width + 2)); // `+`, the line, `\n`
  const text = fill(unit, count * width);
  const lines = Array.from({ length: count }, (_, i) => `+${text.slice(i * width, (i + 1) * width)}`);
  const head = ['diff --git a/src/bundle.js b/src/bundle.js', 'new file mode 100644', '--- /dev/null', '+++ b/src/bundle.js', `@@ -0,0 +1,${count} @@`];
  return `${[...head, ...lines].join('\n')}\n`;
}

export async function benchReviewThroughput() {
  const { analyzeDiff } = await import('../dist/analysis/analyze.js');
  const { parseDiff } = await import('../dist/diff/parse-diff.js');
  const { loadConfig } = await import('../dist/config/load-config.js');
  const { createRuntime } = await import('../dist/runtime.js');
  const { createLogger } = await import('../dist/logger.js');

  const normal = readFileSync(join(root, 'examples/pr-review/diff.patch'), 'utf8');
  const size = normal.length;
  const diffs = [
    ['examples/pr-review/diff.patch (normal lines)', normal],
    ['one line: one letter, then =', oneLineDiff(size, 'a', { suffix: '=' })],
    ['one line: minified JavaScript', oneLineDiff(size, MINIFIED)],
    ['the same JavaScript in 100-character lines', manyLinesDiff(size, MINIFIED, 100)],
    ['one line: name = "unclosed quote', oneLineDiff(size, 'x', { prefix: 'token = "' })],
    ['one line: vendor prefixes', oneLineDiff(size, 'sk-aws_xoxb-ghp_AKIA')],
    ['one line: base64', oneLineDiff(size, 'Ab3+/9xZ', { suffix: '==' })],
  ];

  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-throughput-'));
  const runtime = await createRuntime({ ...loadConfig({ env: {}, cwd: dir }), db: join(dir, 'state.db') }, { logger: createLogger('silent') });
  runtime.engine.start();
  const workflow = runtime.workflows.get('pr-review');

  const mb = size / (1 << 20);
  const rows = [];
  let baseline;
  for (const [name, diff] of diffs) {
    const analyzer = [];
    const review = [];
    for (let i = 0; i < REPEAT; i++) {
      let start = performance.now();
      analyzeDiff(parseDiff(diff));
      analyzer.push(performance.now() - start);
      start = performance.now();
      const { run } = await runtime.engine.submit(workflow, { inputs: { diff } });
      const done = await runtime.engine.waitFor(run.id);
      if (done.status !== 'success') throw new Error(`pr-review ${done.status} on ${name}: ${done.error ?? ''}`);
      review.push(performance.now() - start);
    }
    const analyzerMBps = mb / (percentile(analyzer, 50) / 1000);
    const reviewMBps = mb / (percentile(review, 50) / 1000);
    baseline ??= { analyzerMBps, reviewMBps };
    rows.push([
      name,
      fmt(diff.length / (1 << 20), 2),
      fmt(analyzerMBps, 1),
      `${fmt(analyzerMBps / baseline.analyzerMBps, 2)}x`,
      fmt(reviewMBps, 1),
      `${fmt(reviewMBps / baseline.reviewMBps, 2)}x`,
    ]);
  }
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
  table(
    `review throughput, normal diff against one-huge-line diffs of the same size (median of ${REPEAT})`,
    ['diff', 'MB', 'analyzer MB/s', 'vs normal', 'pr-review workflow MB/s', 'vs normal'],
    rows,
  );
  console.log(
    '\nTarget: per MB, one huge line reviews as fast as the same text in short lines (the two JavaScript rows) and within 2x' +
      ' of the real diff. Before issue 7 the secret rule was quadratic on such lines: 1.1 s at 40k characters, minutes at 1 MB.',
  );
}
