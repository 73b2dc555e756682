import { describe, expect, it } from 'vitest';
import { parseExpression, parseTemplate, renderTemplate } from '../../src/engine/expressions/index.js';
import { expressionError, run } from './helpers.js';

// Text semantics of GitHub's evaluator: .NET OrdinalIgnoreCase comparisons, arrays and objects as the
// words Array/Object, case(), and functions that evaluate only the arguments they use.

describe('comparisons ignore case the way .NET OrdinalIgnoreCase does', () => {
  it.each([
    ["'abc' == 'ABC'", true],
    ["'ı' == 'I'", false],
    ["'ı' != 'I'", true],
    ["'I' < 'ı'", true],
    ["'ı' == 'ı'", true],
    ["'İ' == 'i'", false],
    ["'ς' == 'Σ'", true],
    ["'σ' == 'ς'", true],
    ["'straße' == 'STRAßE'", true],
    ["'ß' == 'SS'", false],
    ["'ᾳ' == 'ᾼ'", true],
    ["'ǆ' == 'Ǆ'", true],
    ["'Straße!ı' == 'STRASSE!I'", false],
    ["startsWith('ς_x', 'Σ')", true],
    ["startsWith('Σ_x', 'ς')", true],
    ["endsWith('x_σ', 'ς')", true],
    ["startsWith('İ_x', 'i')", false],
    ["contains('STRASSE', 'ß')", false],
    ["contains('straßenbahn', 'SSE')", false],
    ["contains('ﬀ and ß', 'ß AND')", false],
    ["contains(fromJSON('[\"ς\"]'), 'Σ')", true],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('object keys fall back to the same case-insensitive match', () => {
    const event = { Title: 'x', 'σ-key': 1, ı: 2 };
    expect(run('event.TITLE', { event })).toBe('x');
    expect(run("event['Σ-KEY']", { event })).toBe(1);
    expect(run("event['I']", { event })).toBeNull();
  });
});

describe('arrays and objects read as the words Array and Object', () => {
  const event = { list: [1, 2], obj: { a: 1 }, byName: { Array: 'an array key', Object: 'an object key' } };

  it.each([
    ["format('{0}/{1}', event.list, event.obj)", 'Array/Object'],
    ['format(event.list)', 'Array'],
    ["join(fromJSON('[[], [1], {}, null, true]'))", 'Array,Array,Object,,true'],
    ["join(event.list, event.obj)", '1,2'],
    ["event.byName[format('{0}', event.list)]", 'an array key'],
    ['event.byName[event.obj]', null],
    ["event.list == 'Array'", false],
    ["contains('Array', event.list)", false],
    ['toJSON(event.obj)', '{\n  "a": 1\n}'],
  ])('%s is %j', (source, expected) => {
    expect(run(source, { event })).toBe(expected);
  });

  it('in text around ${{ }}, too', () => {
    expect(renderTemplate(parseTemplate('labels: ${{ event.list }}; ${{ event.obj }}'), { contexts: { event } })).toBe('labels: Array; Object');
  });
});

describe('case()', () => {
  it.each([
    ["case(true, 'a', 'z')", 'a'],
    ["case(false, 'a', 'z')", 'z'],
    ["case(1 == 2, 'a', 'b' == 'B', 'b', 'z')", 'b'],
    ["case(false, 'a', false, 'b', 'z')", 'z'],
    ["case(true, fromJSON('[1]'), 'z')", [1]],
    ['CASE(true, 0, 1)', 0],
  ])('%s is %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('evaluates only the branch it returns', () => {
    expect(run("case(true, 'a', fromJSON('bad'))")).toBe('a');
    expect(run("case(false, fromJSON('bad'), 'z')")).toBe('z');
  });

  it('a condition that is not a boolean is an error at the call, naming which one', () => {
    const error = expressionError(() => run("event.x || case(false, 1, 'yes', 2, 3)"));
    expect(error.message).toBe("case: condition 2 is a string, not a boolean; compare it, e.g. x == 'value'");
    expect(error.offset).toBe(11);
  });

  it('needs pairs and a default: an even argument count is a syntax error', () => {
    expect(expressionError(() => parseExpression("case(true, 'a', false, 'b')")).message).toBe(
      'case() takes pairs of condition and value, then a default: an odd number of arguments, got 4',
    );
    expect(expressionError(() => parseExpression('case(true, 1)')).message).toBe('case() takes 3 to 255 arguments, got 2');
  });
});

describe('functions evaluate only the arguments they use, as GitHub does', () => {
  it.each([
    ["format('{1}', fromJSON('bad'), 'b')", 'b'],
    ["join(fromJSON('[1]'), fromJSON('bad'))", '1'],
    ["contains(fromJSON('[]'), fromJSON('bad'))", false],
    ["startsWith(fromJSON('{}'), fromJSON('bad'))", false],
  ])('%s is %j', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('a bad format string is reported before any argument is evaluated', () => {
    expect(expressionError(() => run("format('{0} }', fromJSON('bad'))")).message).toMatch(/^format: unmatched '}' at index 4/);
  });
});

describe('format placeholders', () => {
  it.each([
    ["format('{0:}', 'a')", 'a'],
    ["format('{007}', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')", 'h'],
    ["format('{{{0}}}', 1)", '{1}'],
  ])('%s is %j', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each([
    ["format('{0:x}', 1)", /uses format specifiers \('\{0:x\}'\), which are not supported/],
    ["format('{256}', 1)", /invalid placeholder at index 0/],
    ["format('{0', 1)", /invalid placeholder at index 0/],
    ["format('{-1}', 1)", /invalid placeholder at index 0/],
  ])('%s is an error', (source, message) => {
    expect(expressionError(() => run(source)).message).toMatch(message);
  });
});
