import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/engine/suggest.js';

describe('didYouMean', () => {
  it('suggests the closest key for a typo, a missing letter or a swapped pair', () => {
    const keys = ['id', 'name', 'uses', 'with', 'if', 'needs', 'retry', 'timeout', 'timeout-minutes', 'continue-on-error'];
    expect(didYouMean('need', keys)).toBe('needs');
    expect(didYouMean('continue-on-errors', keys)).toBe('continue-on-error');
    expect(didYouMean('timeout_minutes', keys)).toBe('timeout-minutes');
    expect(didYouMean('retyr', keys)).toBe('retry');
  });

  it('ignores case', () => {
    expect(didYouMean('NEEDS', ['needs'])).toBe('needs');
    expect(didYouMean('diff.Analyse', ['diff.analyze', 'report.render'])).toBe('diff.analyze');
  });

  it('suggests nothing when no candidate is a plausible typo', () => {
    expect(didYouMean('jobs', ['name', 'steps', 'on'])).toBeUndefined();
    expect(didYouMean('x', ['id', 'if'])).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });

  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('needs', 'nedes')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
