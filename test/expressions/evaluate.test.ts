import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression } from '../../src/engine/expressions/index.js';
import { run } from './helpers.js';

describe('loose equality (GitHub rules)', () => {
  it.each([
    ["'abc' == 'ABC'", true],
    ["'abc' != 'ABD'", true],
    ["1 == '1'", true],
    ["'0x10' == 16", true],
    ["'' == 0", true],
    ['null == 0', true],
    ['null == false', true],
    ["null == ''", true],
    ['true == 1', true],
    ["true == 'true'", false],
    ["'abc' == 0", false],
    ['NaN == NaN', false],
    ['null == null', true],
    ['event.missing == null', true],
    ['event.obj == event.obj', true],
    ['event.obj == event.same', false],
    ['event.list == 0', false],
  ])('%s is %s', (source, expected) => {
    const obj = { a: 1 };
    expect(run(source, { event: { obj, same: { a: 1 }, list: [] } })).toBe(expected);
  });
});

describe('ordering', () => {
  it.each([
    ['1 < 2', true],
    ["'10' > 9", true],
    ["'a' < 'B'", true],
    ["'B' >= 'b'", true],
    ['false < true', true],
    ['null <= 0', true],
    ["'abc' < 1", false],
    ["'abc' >= 1", false],
    ['NaN < 1', false],
    ['event.obj < 1', false],
  ])('%s is %s', (source, expected) => {
    expect(run(source, { event: { obj: {} } })).toBe(expected);
  });
});

describe('truthiness', () => {
  it.each([
    ['false', false],
    ['0', false],
    ['-0', false],
    ["''", false],
    ['null', false],
    ['NaN', false],
    ["'false'", true],
    ["'0'", true],
    ['event.emptyList', true],
    ['event.emptyObject', true],
  ])('!!%s is %s', (source, expected) => {
    expect(run(`!!(${source})`, { event: { emptyList: [], emptyObject: {} } })).toBe(expected);
  });
});

describe('property access', () => {
  const event = {
    pull_request: { title: 'Fix it', labels: [{ name: 'bug' }, { name: 'ui' }, { color: 'red' }] },
    list: ['a', 'b', 'c'],
    'odd key': 1,
    byName: { alpha: { id: 1 }, beta: { id: 2 } },
  };

  it('reads nested properties with dots and brackets', () => {
    expect(run('event.pull_request.title', { event })).toBe('Fix it');
    expect(run("event['pull_request']['title']", { event })).toBe('Fix it');
    expect(run("event['odd key']", { event })).toBe(1);
  });

  it('indexes arrays by number, flooring like GitHub, and by numeric string', () => {
    expect(run('event.list[0]', { event })).toBe('a');
    expect(run('event.list[1.7]', { event })).toBe('b');
    expect(run("event.list['2']", { event })).toBe('c');
    expect(run('event.list[3]', { event })).toBeNull();
    expect(run('event.list[-1]', { event })).toBeNull();
  });

  it('uses computed indexes', () => {
    expect(run('event.byName[inputs.which].id', { event, inputs: { which: 'beta' } })).toBe(2);
  });

  it('falls back to a case-insensitive key match, as GitHub does', () => {
    expect(run('event.PULL_REQUEST.Title', { event })).toBe('Fix it');
  });

  it('missing properties, and properties of null, read as null instead of failing', () => {
    expect(run('event.nope', { event })).toBeNull();
    expect(run('event.nope.deeper[0].still', { event })).toBeNull();
    expect(run('event.list.length', { event })).toBeNull();
  });

  it('a known context that was not supplied reads as null', () => {
    expect(run('secrets.TOKEN', { event })).toBeNull();
    expect(run('secrets', {})).toBeNull();
  });

  it('parentheses and function results can be dereferenced', () => {
    expect(run("fromJSON('{\"a\":{\"b\":[5]}}').a.b[0]")).toBe(5);
    expect(run('(event).list[0]', { event })).toBe('a');
  });
});

describe('object filters', () => {
  const event = {
    labels: [{ name: 'bug' }, { name: 'ui' }, { color: 'red' }],
    byName: { alpha: { id: 1 }, beta: { id: 2 } },
    nested: [{ tags: ['a', 'b'] }, { tags: ['c'] }],
  };

  it('a.*.b collects b of every element, skipping elements without it', () => {
    expect(run('event.labels.*.name', { event })).toEqual(['bug', 'ui']);
  });

  it('[*] is the same as .*', () => {
    expect(run('event.labels[*].name', { event })).toEqual(['bug', 'ui']);
  });

  it('filters objects by their values', () => {
    expect(run('event.byName.*.id', { event })).toEqual([1, 2]);
  });

  it('a second * flattens one level', () => {
    expect(run('event.nested.*.tags.*', { event })).toEqual(['a', 'b', 'c']);
    expect(run('event.nested.*.tags[0]', { event })).toEqual(['a', 'c']);
  });

  it('filtering something that is not a collection gives an empty array', () => {
    expect(run('event.missing.*.name', { event })).toEqual([]);
    expect(run("fromJSON('\"text\"').*", { event })).toEqual([]);
  });

  it('filter results are plain arrays once they reach a function', () => {
    expect(run("contains(event.labels.*.name, 'UI')", { event })).toBe(true);
    expect(run("join(event.labels.*.name, ' + ')", { event })).toBe('bug + ui');
  });

  it('evaluate returns a plain array', () => {
    const value = evaluate(parseExpression('event.labels.*.name'), { contexts: { event } });
    expect(Array.isArray(value)).toBe(true);
  });
});

describe('runtime errors carry the offset of the failing node', () => {
  it('a bad format string in the second call is reported at that call', () => {
    try {
      run("format('{0}', 1) == format('{1}', 1)");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'ExpressionError', offset: 20 });
    }
  });
});
