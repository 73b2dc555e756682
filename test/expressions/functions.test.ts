import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/engine/expressions/index.js';
import { expressionError, run } from './helpers.js';

const event = { title: 'Fix: Crash on start', labels: ['bug', 'P1'], count: 12, obj: { a: [1, 'x'] } };

describe('contains', () => {
  it('finds substrings case-insensitively', () => {
    expect(run("contains(event.title, 'CRASH')", { event })).toBe(true);
    expect(run("contains(event.title, 'hang')", { event })).toBe(false);
  });

  it('finds array elements with loose equality', () => {
    expect(run("contains(event.labels, 'p1')", { event })).toBe(true);
    expect(run("contains(fromJSON('[1, 2]'), '2')", { event })).toBe(true);
    expect(run("contains(event.labels, 'P2')", { event })).toBe(false);
  });

  it('converts numbers to text', () => {
    expect(run("contains(event.count, '2')", { event })).toBe(true);
  });

  it('is false when searching inside an object', () => {
    expect(run("contains(event.obj, 'a')", { event })).toBe(false);
  });
});

describe('startsWith and endsWith', () => {
  it('compare case-insensitively', () => {
    expect(run("startsWith(event.title, 'fix:')", { event })).toBe(true);
    expect(run("endsWith(event.title, 'START')", { event })).toBe(true);
    expect(run("startsWith(event.title, 'Crash')", { event })).toBe(false);
  });

  it('are false for non-text arguments', () => {
    expect(run('startsWith(event.labels, event.labels)', { event })).toBe(false);
  });
});

describe('format', () => {
  it('substitutes positional arguments, converting them to text', () => {
    expect(run("format('{0} has {1} labels: {2}; {0}', 'PR', 2, toJSON(event.labels))", { event })).toBe(
      'PR has 2 labels: [\n  "bug",\n  "P1"\n]; PR',
    );
    expect(run("format('[{0}]', null)")).toBe('[]');
  });

  it('treats {{ and }} as literal braces', () => {
    expect(run("format('{{{0}}}', 'x')")).toBe('{x}');
    expect(run("format('{0}}}', 'a')")).toBe('a}');
  });

  it('rejects a placeholder with no matching argument', () => {
    const error = expressionError(() => run("format('{0} {1}', 'a')"));
    expect(error.message).toBe("format: '{0} {1}' uses {1} but only 1 argument(s) were given");
    expect(error.offset).toBe(0);
  });

  it('rejects stray braces', () => {
    expect(expressionError(() => run("format('a } b')")).message).toMatch(/unmatched '}'/);
    expect(expressionError(() => run("format('{x}', 1)")).message).toMatch(/invalid placeholder/);
  });
});

describe('join', () => {
  it('joins with a comma by default', () => {
    expect(run('join(event.labels)', { event })).toBe('bug,P1');
  });

  it('joins with a given separator', () => {
    expect(run("join(event.labels, ' | ')", { event })).toBe('bug | P1');
  });

  it('returns a string argument unchanged', () => {
    expect(run("join('abc', '-')")).toBe('abc');
  });

  it('converts elements to text', () => {
    expect(run("join(fromJSON('[1, true, null, {\"a\": 1}, [2]]'))")).toBe('1,true,,Object,Array');
  });
});

describe('toJSON and fromJSON', () => {
  it('toJSON pretty-prints with two spaces', () => {
    expect(run('toJSON(event.obj)', { event })).toBe('{\n  "a": [\n    1,\n    "x"\n  ]\n}');
    expect(run("toJSON('x')")).toBe('"x"');
    expect(run('toJSON(null)')).toBe('null');
  });

  it('fromJSON parses any JSON value', () => {
    expect(run("fromJSON('{\"a\": [1, 2]}')")).toEqual({ a: [1, 2] });
    expect(run("fromJSON('true')")).toBe(true);
    expect(run("fromJSON('3')")).toBe(3);
  });

  it('fromJSON of invalid JSON is an expression error at the call', () => {
    const error = expressionError(() => run("event.x || fromJSON('{oops')", { event }));
    expect(error.message).toMatch(/^fromJSON: invalid JSON/);
    expect(error.offset).toBe(11);
  });

  it('fromJSON of an empty string is an error', () => {
    expect(expressionError(() => run("fromJSON('')")).message).toBe('fromJSON: empty input');
  });

  it('round-trips through toJSON', () => {
    expect(run('fromJSON(toJSON(event.obj))', { event })).toEqual(event.obj);
  });

  it('toJSON of circular data is an error, not a crash', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(expressionError(() => run('toJSON(event)', { event: loop })).message).toMatch(/circular/);
  });
});

describe('status functions', () => {
  const failed = { success: () => false, failure: () => true, always: () => true, cancelled: () => false };
  const cancelled = { success: () => false, failure: () => false, always: () => true, cancelled: () => true };

  it('without ctx.status the run is healthy', () => {
    expect([run('success()'), run('failure()'), run('always()'), run('cancelled()')]).toEqual([true, false, true, false]);
  });

  it('ask ctx.status when it is given', () => {
    expect([run('success()', {}, failed), run('failure()', {}, failed)]).toEqual([false, true]);
    expect(run('cancelled()', {}, cancelled)).toBe(true);
  });

  it('take no arguments', () => {
    expect(expressionError(() => parseExpression('success(1)')).message).toBe('success() takes 0 arguments, got 1');
  });
});
