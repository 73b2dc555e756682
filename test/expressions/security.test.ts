import { describe, expect, it } from 'vitest';
import { parseExpression, parseTemplate, renderTemplate } from '../../src/engine/expressions/index.js';
import { expressionError, run } from './helpers.js';

describe('injection attempts never execute code', () => {
  it('constructor.constructor(...)() is an unknown context, found before anything runs', () => {
    const error = expressionError(() => parseTemplate("${{ constructor.constructor('return process')() }}"));
    expect(error.message).toMatch(/^unknown context 'constructor'/);
    expect(error.offset).toBe(4);
  });

  it('a call on a property is not syntax', () => {
    const error = expressionError(() => parseExpression("event.toString('x')"));
    expect(error.message).toBe("unexpected '(' after the end of the expression");
    expect(error.offset).toBe(14);
  });

  it.each([
    ['event.constructor', 6],
    ['event.Constructor', 6],
    ['event.__proto__', 6],
    ['event.a.prototype', 8],
    ["event['__proto__']", 6],
    ["event['CONSTRUCTOR']", 6],
    ["event.*['prototype']", 8],
  ])('%s is refused at parse time (offset %i)', (source, offset) => {
    const error = expressionError(() => parseExpression(source));
    expect(error.message).toMatch(/^property '.*' is not allowed$/);
    expect(error.offset).toBe(offset);
  });

  it('a computed forbidden name is refused at evaluation time, at the index expression', () => {
    const error = expressionError(() => run('event[inputs.key]', { event: {}, inputs: { key: '__proto__' } }));
    expect(error.message).toBe("property '__proto__' is not allowed");
    expect(error.offset).toBe(6);
    expect(() => run("event[format('con{0}', 'structor')]", { event: {} })).toThrow(/not allowed/);
  });

  it("string concatenation to build 'constructor' is not even syntax", () => {
    const error = expressionError(() => parseExpression("inputs['con' + 'structor']"));
    expect(error.offset).toBe(13);
  });

  it('inherited properties are invisible', () => {
    const event = Object.create({ inherited: 'secret' }) as Record<string, unknown>;
    expect(run('event.inherited', { event: { child: event } })).toBeNull();
    expect(run('event.hasOwnProperty', { event: {} })).toBeNull();
    expect(run('event.toString', { event: {} })).toBeNull();
    expect(run('event.list.map', { event: { list: [] } })).toBeNull();
  });

  it('functions stored in data read as null and are never called', () => {
    let called = false;
    const event = {
      fn: () => {
        called = true;
        return 'ran';
      },
    };
    expect(run('event.fn', { event })).toBeNull();
    expect(renderTemplate(parseTemplate('x ${{ toJSON(event) }}'), { contexts: { event } })).toBe('x {}');
    expect(called).toBe(false);
  });

  it('an object with its own toString/valueOf/toJSON is never asked to convert itself', () => {
    const calls: string[] = [];
    const sneaky = {
      name: 'sneaky',
      toString: () => (calls.push('toString'), 'pwned'),
      valueOf: () => (calls.push('valueOf'), 1),
      toJSON: () => (calls.push('toJSON'), 'pwned'),
    };
    const contexts = { event: { sneaky } };
    expect(renderTemplate(parseTemplate('[${{ event.sneaky }}]'), { contexts })).toBe('[Object]');
    expect(run('toJSON(event.sneaky)', contexts)).toBe('{\n  "name": "sneaky"\n}');
    expect(run('event.sneaky == 1', contexts)).toBe(false);
    expect(run("event.sneaky == 'pwned'", contexts)).toBe(false);
    expect(run("contains(event.sneaky, 'pwned')", contexts)).toBe(false);
    expect(run("format('{0}', event.sneaky)", contexts)).toBe('Object');
    expect(run("join(fromJSON('[1]'), event.sneaky)", contexts)).toBe('1');
    expect(calls).toEqual([]);
  });

  it('getters in data are not run', () => {
    let ran = false;
    const event = Object.defineProperty({}, 'secret', {
      enumerable: true,
      get: () => {
        ran = true;
        return 'x';
      },
    });
    expect(run('event.secret', { event })).toBeNull();
    expect(run('toJSON(event)', { event })).toBe('{}');
    expect(ran).toBe(false);
  });

  it('class instances (Map, Date, custom) are opaque', () => {
    class Secretive {
      token = 'abc';
    }
    const event = { map: new Map([['a', 1]]), date: new Date(0), obj: new Secretive() };
    expect(run('event.map.a', { event })).toBeNull();
    expect(run('event.obj.token', { event })).toBeNull();
    expect(run('event.date', { event })).toBeNull();
  });

  it('fromJSON drops __proto__ keys so later merges cannot pollute prototypes', () => {
    const parsed = run('fromJSON(\'{"__proto__": {"polluted": true}, "a": {"__proto__": 1, "b": 2}}\')') as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(false);
    expect(parsed).toEqual({ a: { b: 2 } });
    const merged: Record<string, unknown> = Object.assign({}, parsed);
    expect(merged.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('thousands of nested parentheses inside a template fail cleanly', () => {
    const text = `\${{ ${'('.repeat(4_000)}1${')'.repeat(4_000)} }}`;
    expect(expressionError(() => parseTemplate(text)).message).toMatch(/nested more than 100 levels/);
  });
});
