import { describe, expect, it } from 'vitest';
import {
  parseExpression,
  referencedContexts,
  referencedSteps,
  usesStatusFunction,
} from '../../src/engine/expressions/index.js';

describe('referencedContexts', () => {
  it('lists every context read, in source order, with offsets', () => {
    const node = parseExpression("contains(steps.lint.outputs.files, inputs.path) && Env.CI == 'true'");
    expect(referencedContexts(node)).toEqual([
      { name: 'steps', offset: 9 },
      { name: 'inputs', offset: 35 },
      { name: 'env', offset: 51 },
    ]);
  });

  it('is empty for constant expressions', () => {
    expect(referencedContexts(parseExpression("format('{0}', 1)"))).toEqual([]);
  });
});

describe('referencedSteps', () => {
  it('finds steps.<id> and steps[<literal>] with the offset of the id', () => {
    const node = parseExpression("steps.build.outputs.ok && steps['run-tests'].conclusion == 'success'");
    expect(referencedSteps(node)).toEqual([
      { id: 'build', offset: 6 },
      { id: 'run-tests', offset: 32 },
    ]);
  });

  it('finds reads nested in function arguments and indexes', () => {
    const node = parseExpression('fromJSON(steps.a.outputs.json)[steps.b.outputs.key]');
    expect(referencedSteps(node).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('ignores computed ids and steps.*', () => {
    expect(referencedSteps(parseExpression('steps[inputs.which].outputs'))).toEqual([]);
    expect(referencedSteps(parseExpression('steps.*.outcome'))).toEqual([]);
  });
});

describe('usesStatusFunction', () => {
  it.each([
    ['always()', true],
    ["failure() || inputs.force == 'yes'", true],
    ['!cancelled()', true],
    ['SUCCESS()', true],
    ["inputs.force == 'yes'", false],
    ["contains('failure()', 'x')", false],
  ])('%s → %s', (source, expected) => {
    expect(usesStatusFunction(parseExpression(source))).toBe(expected);
  });
});
