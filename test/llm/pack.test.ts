import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { packBatches, planUnits, renderBatch } from '../../src/llm/review/pack.js';
import { REVIEW_SYSTEM, reviewUserPrompt } from '../../src/llm/prompts/review.js';
import { tokenCounter } from '../../src/llm/tokens.js';

const CORPUS = fileURLToPath(new URL('../fixtures/diffs/probot', import.meta.url));
const count = tokenCounter('openai', 'gpt-4.1-mini');
const BUDGET = 32_000;
const overheadTokens = count(REVIEW_SYSTEM) + count(reviewUserPrompt('')) + 600;

describe.each(['10k-v10.19.0..v11.0.0.diff', '10k-v9.6.3..v9.6.4.diff', '30k-v12.0.0..v13.0.0.diff'])('packing %s at a 32k-token budget', (name) => {
  const files = parseDiff(readFileSync(`${CORPUS}/${name}`, 'utf8'));
  const plan = planUnits(files, { maxPromptTokens: BUDGET, overheadTokens, countTokens: count });
  const batches = packBatches(plan.files, { maxPromptTokens: BUDGET, overheadTokens });
  const byPath = new Map(plan.files.map((f) => [f.path, f]));

  it('keeps every prompt within the budget, counted on the rendered prompt', () => {
    expect(batches.length).toBeGreaterThanOrEqual(1);
    for (const batch of batches) {
      const prompt = count(REVIEW_SYSTEM) + count(reviewUserPrompt(renderBatch(batch.units, byPath)));
      expect(prompt).toBeLessThanOrEqual(BUDGET);
      expect(batch.tokens + overheadTokens).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('covers every reviewable file and every added line exactly once, and names every other file with a reason', () => {
    const sent = batches.flatMap((b) => b.units);
    expect(new Set(sent).size).toBe(sent.length);
    const accounted = new Set([...sent.map((u) => u.path), ...plan.skipped.map((s) => s.path)]);
    expect([...accounted].sort()).toEqual([...new Set(files.map((f) => f.path))].sort());
    for (const file of plan.files) {
      const source = files.find((f) => f.path === file.path)!;
      const shown = sent.filter((u) => u.path === file.path).reduce((n, u) => n + u.addedShown, 0);
      expect(shown, file.path).toBe(source.additions);
    }
    for (const skipped of plan.skipped) expect(skipped.reason).toMatch(/binary|deleted|lockfile|generated|deletions only|without content changes|mode change/);
  });
});

describe('packing the 30k-line probot diff', () => {
  const files = parseDiff(readFileSync(`${CORPUS}/30k-v12.0.0..v13.0.0.diff`, 'utf8'));
  const plan = planUnits(files, { maxPromptTokens: BUDGET, overheadTokens, countTokens: count });

  it('lists every file either as reviewed or as skipped with its reason, never both, never neither', () => {
    const reviewed = plan.files.map((f) => f.path);
    const skipped = plan.skipped.map((s) => s.path);
    expect(reviewed.filter((path) => skipped.includes(path))).toEqual([]);
    expect([...reviewed, ...skipped].sort()).toEqual(files.map((f) => f.path).sort());
    for (const { reason } of plan.skipped) expect(reason.length).toBeGreaterThan(0);
  });

  it('skips its test snapshots as generated, dropped to fit the budget', () => {
    const snapshots = files.filter((f) => f.path.endsWith('.snap')).map((f) => f.path);
    expect(snapshots.length).toBeGreaterThan(0);
    for (const path of snapshots) expect(plan.skipped).toContainEqual({ path, reason: 'generated test snapshot (dropped to fit the token budget)' });
  });
});

describe('packing a small diff', () => {
  it('includes lockfiles and removed-only hunks when everything fits one call, and drops them first when it does not', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,2 +1,2 @@',
      '-const a = 1;',
      '+const a = 2;',
      ' export { a };',
      'diff --git a/package-lock.json b/package-lock.json',
      '--- a/package-lock.json',
      '+++ b/package-lock.json',
      '@@ -1 +1 @@',
      '-{"lockfileVersion": 2}',
      '+{"lockfileVersion": 3}',
      '',
    ].join('\n');
    const files = parseDiff(diff);
    const roomy = planUnits(files, { maxPromptTokens: 4000, overheadTokens: 100, countTokens: count });
    expect(roomy.includesLowValue).toBe(true);
    expect(roomy.files.map((f) => f.path)).toEqual(['src/a.ts', 'package-lock.json']);
    expect(roomy.files[0]!.units[0]!.text).toBe(['@@ lines 1-2 @@', '-const a = 1;', '1 +const a = 2;', '2  export { a };'].join('\n'));

    const tight = planUnits(files, { maxPromptTokens: 620, overheadTokens: 100, countTokens: () => 300 });
    expect(tight.files.map((f) => f.path)).toEqual(['src/a.ts']);
    expect(tight.skipped).toEqual([{ path: 'package-lock.json', reason: 'lockfile (dropped to fit the token budget)' }]);
  });

  it('includes test snapshots when everything fits one call, and skips them with a reason when it does not', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1 +1 @@',
      '-export const a = 1;',
      '+export const a = 2;',
      'diff --git a/test/__snapshots__/a.test.ts.snap b/test/__snapshots__/a.test.ts.snap',
      '--- a/test/__snapshots__/a.test.ts.snap',
      '+++ b/test/__snapshots__/a.test.ts.snap',
      '@@ -1 +1 @@',
      '-exports[`a 1`] = `1`;',
      '+exports[`a 1`] = `2`;',
      '',
    ].join('\n');
    const files = parseDiff(diff);
    const roomy = planUnits(files, { maxPromptTokens: 4000, overheadTokens: 100, countTokens: count });
    expect(roomy.files.map((f) => f.path).sort()).toEqual(['src/a.ts', 'test/__snapshots__/a.test.ts.snap']);
    expect(roomy.skipped).toEqual([]);

    const tight = planUnits(files, { maxPromptTokens: 620, overheadTokens: 100, countTokens: () => 300 });
    expect(tight.files.map((f) => f.path)).toEqual(['src/a.ts']);
    expect(tight.skipped).toEqual([{ path: 'test/__snapshots__/a.test.ts.snap', reason: 'generated test snapshot (dropped to fit the token budget)' }]);
  });

  it('splits a hunk larger than one call into parts that keep every line', () => {
    const added = Array.from({ length: 400 }, (_, i) => `+const value${i} = compute(${i}); // ${'x'.repeat(40)}`);
    const diff = ['diff --git a/big.ts b/big.ts', 'new file mode 100644', '--- /dev/null', '+++ b/big.ts', '@@ -0,0 +1,400 @@', ...added, ''].join('\n');
    const plan = planUnits(parseDiff(diff), { maxPromptTokens: 3000, overheadTokens: 500, countTokens: count });
    const units = plan.files[0]!.units;
    expect(units.length).toBeGreaterThan(2);
    expect(units.reduce((n, u) => n + u.addedShown, 0)).toBe(400);
    expect(units[0]!.text.split('\n')[0]).toMatch(/^@@ lines 1-\d+ \(part 1 of \d+\) @@$/);
    for (const unit of units) expect(unit.tokens).toBeLessThanOrEqual(2500);
  });
});
