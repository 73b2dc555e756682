import { describe, expect, it } from 'vitest';
import { compileCondition, evaluateCondition, type StatusFunctions } from '../../src/engine/expressions/index.js';
import { expressionError } from './helpers.js';

const healthy: StatusFunctions = { success: () => true, failure: () => false, always: () => true, cancelled: () => false };
const failed: StatusFunctions = { success: () => false, failure: () => true, always: () => true, cancelled: () => false };
const contexts = { inputs: { deploy: 'yes', count: 0 }, steps: { build: { outputs: { ok: 'true' } } } };

const check = (source: string, status: StatusFunctions = healthy): boolean =>
  evaluateCondition(compileCondition(source), { contexts, status });

describe('compileCondition', () => {
  it('accepts a bare expression or one wrapped in ${{ }}', () => {
    expect(check("inputs.deploy == 'YES'")).toBe(true);
    expect(check("${{ inputs.deploy == 'YES' }}")).toBe(true);
    expect(check("  ${{ inputs.deploy == 'no' }}  ")).toBe(false);
  });

  it('a condition without a status function only runs after success (implicit success() &&)', () => {
    const condition = compileCondition("inputs.deploy == 'yes'");
    expect(condition.node).toMatchObject({ kind: 'logical', operator: '&&', operands: [{ kind: 'call', name: 'success' }, { kind: 'compare' }] });
    expect(check("inputs.deploy == 'yes'", failed)).toBe(false);
  });

  it('a condition with a status function is used as written', () => {
    expect(check('failure()', failed)).toBe(true);
    expect(check("always() && inputs.deploy == 'yes'", failed)).toBe(true);
    expect(check('!cancelled()', failed)).toBe(true);
    expect(compileCondition('always()').node).toEqual({ kind: 'call', name: 'always', args: [], offset: 0 });
  });

  it('coerces the result with GitHub truthiness', () => {
    expect(check('inputs.count')).toBe(false);
    expect(check('steps.build.outputs.ok')).toBe(true);
    expect(check('inputs.missing')).toBe(false);
    expect(check("fromJSON('[]')")).toBe(true);
  });

  it('an empty condition means success()', () => {
    expect(check('')).toBe(true);
    expect(check('  ', failed)).toBe(false);
  });

  it('keeps the expression as written for the loader to inspect', () => {
    expect(compileCondition('${{ steps.build.outputs.ok }}').expression).toMatchObject({ kind: 'property', name: 'ok', offset: 24 });
  });

  it('refuses text outside the ${{ }} instead of treating the string as always true', () => {
    const error = expressionError(() => compileCondition("${{ inputs.deploy }} == 'yes'"));
    expect(error.message).toMatch(/must be one expression/);
    expect(error.offset).toBe(21);
    expect(expressionError(() => compileCondition('${{ true }} ${{ false }}')).offset).toBe(12);
  });

  it('reports errors with offsets into the condition source', () => {
    expect(expressionError(() => compileCondition('${{ inputs.deploy = 1 }}')).offset).toBe(18);
    expect(expressionError(() => compileCondition('inputs.deploy = 1')).offset).toBe(14);
  });

  it('is cached by source', () => {
    expect(compileCondition('success()')).toBe(compileCondition('success()'));
  });
});
