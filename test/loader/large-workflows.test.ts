import { afterEach, describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/engine/loader/index.js';
import { createTestEngine, type TestEngine } from '../helpers/engine.js';
import { FILE, problemsOf } from './helpers.js';

/**
 * Workflows far larger than anyone writes by hand, to prove every walk over the step graph (cycle
 * detection, "reads a step it does not need", the run's success()/failure()) uses no recursion and no
 * per-step copy of its ancestors: both used to crash with "Maximum call stack size exceeded".
 */

/**
 * Sequential steps s0 … s(n-1), listed last first: each names the step before it in `needs`, so a walk
 * from the first one listed goes n steps deep. Each reads s0, which it needs only through all the others.
 */
function sequential(count: number): string {
  const lines = ['name: long', 'on: { manual: true }', 'steps:'];
  for (let i = count - 1; i > 0; i--) {
    lines.push(`  - id: s${i}`, '    uses: test.echo', `    needs: s${i - 1}`, '    with: { first: "${{ steps.s0.outputs.first }}" }');
  }
  lines.push('  - id: s0', '    uses: test.echo', '    needs: []', '    with: { first: hello }');
  lines.push('outputs:', `  last: \${{ steps.s${count - 1}.outputs.first }}`);
  return `${lines.join('\n')}\n`;
}

/** c0 needs c1, c1 needs c2, …, the last needs c0. */
function cycle(count: number): string {
  const lines = ['name: loop', 'steps:'];
  for (let i = 0; i < count; i++) lines.push(`  - id: c${i}`, '    uses: test.echo', `    needs: c${(i + 1) % count}`);
  return `${lines.join('\n')}\n`;
}

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe('a workflow of thousands of steps', () => {
  it('6,000 sequential steps load, and each may read the first step it needs through all the others', () => {
    const workflow = parseWorkflow(sequential(6_000), { file: FILE });
    expect(workflow.steps).toHaveLength(6_000);
    expect(workflow.steps[0]!.needs).toEqual(['s5998']);
  });

  it('6,000 sequential steps run to the end through the engine', async () => {
    t = createTestEngine();
    const { run } = await t.engine.submit(parseWorkflow(sequential(6_000), { file: FILE }));
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('success');
    expect(done.outputs).toEqual({ last: 'hello' });
    expect(t.probe.calls).toHaveLength(6_000);
  });

  it('a step reading a step it does not need is still found among 6,000', () => {
    const lines = sequential(6_000).split('\n');
    const at = lines.indexOf('  - id: s3000') + 3;
    lines[at] = '    with: { first: "${{ steps.s4000.outputs.first }}" }';
    expect(problemsOf(lines.join('\n'))).toEqual([
      `${FILE}:${at + 1}:31: step 's3000' reads steps.s4000 but does not need it; add needs: [s2999, s4000]`,
    ]);
  });

  it('a 5,000-step needs cycle is one positioned problem whose message names the cycle, shortened', () => {
    const problems = problemsOf(cycle(5_000));
    expect(problems).toEqual([
      `${FILE}:5:12: needs form a cycle: c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → … 4985 more steps … → c4993 → c4994 → c4995 → c4996 → c4997 → c4998 → c4999 → c0`,
    ]);
  });
});
