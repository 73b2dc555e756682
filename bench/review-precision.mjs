// Review precision: inline comments per 1k changed lines before and after the confidence threshold and the
// cap, on probot corpus diffs. The real `runReview` runs against a loopback OpenAI-compatible server that
// replays hand-written model answers (test/fixtures/llm/recorded-review/, see its SOURCE.txt), merged with the
// offline analyzer's findings as the pr-review workflow does; then `planReview` places them with the old
// rules (no threshold, cap 50) and the new defaults (`high` confidence, cap 10).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { analyzeDiff } from '../dist/analysis/analyze.js';
import { parseDiff } from '../dist/diff/parse-diff.js';
import { planReview } from '../dist/integrations/github/actions/review-comments.js';
import { llmConfigSchema } from '../dist/llm/config.js';
import { createLlmBridge } from '../dist/llm/create-bridge.js';
import { runReview } from '../dist/llm/review/run-review.js';
import { fmt, table } from './lib.mjs';

const CORPUS = new URL('../test/fixtures/diffs/probot/', import.meta.url);
const ANSWERS = JSON.parse(readFileSync(new URL('../test/fixtures/llm/recorded-review/probot-answers.json', import.meta.url), 'utf8'));
const MODEL = 'gpt-4.1-mini';
const BUDGET = 32_000;
const OLD = { minConfidence: 'low', maxComments: 50 };
const NEW = { minConfidence: 'high', maxComments: 10 };

/** A fake OpenAI answering each call with the recorded findings of the files its prompt shows. */
async function replayingProvider(files) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const prompt = JSON.parse(body).messages.map((m) => m.content).join('\n');
      const shown = new Set([...prompt.matchAll(/^## (\S+)/gm)].map((m) => m[1]));
      const findings = [...shown].flatMap((path) => files[path] ?? []);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-replay',
          object: 'chat.completion',
          created: 0,
          model: MODEL,
          choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify({ findings }), refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: 200, total_tokens: Math.ceil(prompt.length / 4) + 200 },
        }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function reviewWithReplay(name, diff) {
  const provider = await replayingProvider(ANSWERS.diffs[name].files);
  const config = llmConfigSchema.parse({
    providers: { openai: { apiKey: 'sk-bench', baseURL: provider.url } },
    model: `openai:${MODEL}`,
    cache: { backend: 'memory' },
    budget: { perRunUsd: 100, contextTokens: BUDGET },
  });
  const bridge = createLlmBridge(config, { stateDb: '/nonexistent/state.db' });
  try {
    const session = bridge.session({ runId: `precision-${name}`, signal: new globalThis.AbortController().signal, log: silent, emit() {}, purpose: 'bench' });
    const offlineFindings = analyzeDiff(parseDiff(diff)).findings;
    return await runReview(session, { diff, offlineFindings, maxPromptTokens: BUDGET, concurrency: 4 });
  } finally {
    await bridge.close();
    await provider.close();
  }
}

const SUGGESTION_FENCE = /^`{3,}suggestion$/m;

export async function benchReviewPrecision() {
  const rows = [];
  for (const name of Object.keys(ANSWERS.diffs)) {
    const diff = readFileSync(new URL(`${name}.diff`, CORPUS), 'utf8');
    const { findings, stats } = await reviewWithReplay(name, diff);
    const files = parseDiff(diff);
    const before = planReview(findings, files, [], OLD);
    const after = planReview(findings, files, [], NEW);
    const per1k = (plan) => (1000 * plan.comments.length) / Math.max(1, stats.changedLines);
    const committable = (plan) => plan.comments.filter((c) => SUGGESTION_FENCE.test(c.body)).length;
    rows.push([
      name,
      `${stats.changedLines}`,
      `${findings.length} (${findings.filter((f) => f.rule === 'llm-review').length} AI)`,
      `${before.comments.length}`,
      `${after.comments.length}`,
      fmt(per1k(before), 1),
      fmt(per1k(after), 1),
      before.comments.length ? `${fmt(after.comments.length / before.comments.length, 2)}×` : '-',
      `${after.belowThreshold.length} / ${after.overCap.length}`,
      `${committable(before)} → ${committable(after)}`,
    ]);
  }
  table(
    'Review precision: inline comments before (no threshold, cap 50) and after (confidence ≥ high, cap 10), hand-written model answers replayed',
    ['diff', 'changed lines', 'findings', 'inline before', 'inline after', 'per 1k before', 'per 1k after', 'ratio', 'below threshold / over cap', 'committable suggestions'],
    rows,
  );
  console.log(
    '\nfindings: after line validation and merging with the offline analyzer. changed lines: added + removed lines of the whole diff (lockfiles included).' +
      '\ncommittable suggestions: inline comments carrying a ```suggestion block (range in one hunk, code changes the lines); the answers are hand-written (see test/fixtures/llm/recorded-review/SOURCE.txt), so this measures the posting rules, not a model.',
  );
}

