import { describe, expect, it } from 'vitest';
import { MAX_EXPRESSION_LENGTH, parseExpression } from '../../src/engine/expressions/index.js';
import { expressionError, run } from './helpers.js';

describe('literals', () => {
  it.each([
    ['null', null],
    ['true', true],
    ['false', false],
    ['42', 42],
    ['-9.2', -9.2],
    ['0xff', 255],
    ['-2.99e-2', -0.0299],
    ['1e3', 1000],
    ['.5', 0.5],
    ["'hello'", 'hello'],
    ["'it''s'", "it's"],
    ["''", ''],
  ])('%s evaluates to %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('NaN and Infinity are number literals', () => {
    expect(run('NaN')).toBeNaN();
    expect(run('Infinity')).toBe(Infinity);
  });

  it('a malformed number is one bad token, reported where it starts', () => {
    const error = expressionError(() => parseExpression('1 == 12abc'));
    expect(error.message).toBe("invalid number '12abc'");
    expect(error.offset).toBe(5);
  });

  it('an unterminated string is reported at its opening quote', () => {
    expect(expressionError(() => parseExpression("event.a == 'abc")).offset).toBe(11);
  });

  it('double-quoted strings are refused with a hint', () => {
    const error = expressionError(() => parseExpression('event.a == "x"'));
    expect(error.message).toMatch(/single quotes/);
    expect(error.offset).toBe(11);
  });
});

describe('operator precedence (GitHub order: ! then comparisons then == then && then ||)', () => {
  it('&& binds tighter than ||', () => {
    expect(run('true || false && false')).toBe(true);
    expect(run('(true || false) && false')).toBe(false);
  });

  it('== binds looser than <', () => {
    // (1 < 2) == true, not 1 < (2 == true)
    expect(run('1 < 2 == true')).toBe(true);
  });

  it('! applies to the nearest operand only', () => {
    expect(run('!false == false')).toBe(false);
    expect(run('!(false == false)')).toBe(false);
    expect(run('!!0')).toBe(false);
  });

  it('&& and || return the deciding operand, not a boolean', () => {
    expect(run("'' || 'fallback'")).toBe('fallback');
    expect(run("'a' && 'b'")).toBe('b');
    expect(run("0 && 'never'")).toBe(0);
    expect(run("null || 0 || 'x'")).toBe('x');
  });

  it('the right side of && is not evaluated when the left side decides', () => {
    // fromJSON('') would throw if it ran.
    expect(run("false && fromJSON('')")).toBe(false);
    expect(run("true || fromJSON('')")).toBe(true);
  });
});

describe('syntax errors point at the bad token', () => {
  it.each([
    ['event.a = 1', 8, /use '=='/],
    ['event.a & true', 8, /use '&&'/],
    ["inputs['con' + 'structor']", 13, /no arithmetic or string concatenation/],
    ['event.a ==', 10, /unexpected end of expression/],
    ['(event.a', 8, /expected '\)' to close '\('/],
    ['event.a event.b', 8, /unexpected 'event' after the end/],
    ['event.', 6, /expected a property name after '.'/],
    ['event[1', 7, /expected '\]'/],
    ['event.a == ${{ x }}', 11, /'\$\{\{' cannot appear inside an expression/],
  ])('%j fails at offset %i', (source, offset, message) => {
    const error = expressionError(() => parseExpression(source));
    expect(error.message).toMatch(message);
    expect(error.offset).toBe(offset);
  });

  it('wrong argument counts name the function and its arity', () => {
    const error = expressionError(() => parseExpression("event.a && contains('x')"));
    expect(error.message).toBe('contains() takes 2 arguments, got 1');
    expect(error.offset).toBe(11);
  });
});

describe('names', () => {
  it('an unknown context lists the known ones and suggests a close match', () => {
    const error = expressionError(() => parseExpression('true && step.build.outputs'));
    expect(error.message).toBe(
      "unknown context 'step'; known contexts: event, inputs, steps, env, secrets, run, integrations; did you mean 'steps'?",
    );
    expect(error.offset).toBe(8);
  });

  it('an unknown context with no close match has no suggestion', () => {
    expect(expressionError(() => parseExpression('github.sha')).message).toBe(
      "unknown context 'github'; known contexts: event, inputs, steps, env, secrets, run, integrations",
    );
  });

  it('an unknown function lists the known ones and suggests a close match', () => {
    const error = expressionError(() => parseExpression("contians(event.title, 'x')"));
    expect(error.message).toMatch(/^unknown function 'contians' \(did you mean 'contains'\?\); known functions: contains, startsWith, endsWith, format, join, toJSON, fromJSON, case, success, failure, always, cancelled$/);
    expect(error.offset).toBe(0);
  });

  it('function and context names are case-insensitive, as in GitHub', () => {
    expect(run("STARTSWITH(Event.title, 'fix')", { event: { title: 'Fix bug' } })).toBe(true);
  });

  it('step ids may contain dashes', () => {
    expect(run('steps.run-tests.outputs.ok', { steps: { 'run-tests': { outputs: { ok: true } } } })).toBe(true);
  });

  it('keywords are plain property names after a dot', () => {
    expect(run('event.null', { event: { null: 1 } })).toBe(1);
  });
});

describe('input bounds', () => {
  it('10,000 opening parentheses are a clean error, not a stack overflow', () => {
    const error = expressionError(() => parseExpression('('.repeat(10_000)));
    expect(error.message).toBe('expression is nested more than 100 levels deep');
    expect(error.offset).toBe(100);
  });

  it('trees taller than GitHub\'s 50 levels are refused, however they are built', () => {
    expect(expressionError(() => parseExpression(`event${'.a'.repeat(150)}`)).message).toBe('expression is nested more than 50 levels deep');
    expect(expressionError(() => parseExpression(`${'!'.repeat(50)}true`)).message).toMatch(/nested more than 50/);
    expect(expressionError(() => parseExpression('!'.repeat(5000) + 'true')).message).toMatch(/nested more than/);
    expect(expressionError(() => parseExpression(`${'join('.repeat(50)}1${')'.repeat(50)}`)).message).toMatch(/nested more than 50/);
    expect(expressionError(() => parseExpression(`event${'[0]'.repeat(50)}`)).message).toMatch(/nested more than 50/);
  });

  it('a tree exactly 50 levels high is accepted (49 member accesses, 49 nots)', () => {
    expect(run(`event${'.a'.repeat(49)}`, { event: {} })).toBeNull();
    expect(run(`${'!'.repeat(49)}true`)).toBe(false);
  });

  it('a long run of && or || is one level, as in GitHub, however it is parenthesized', () => {
    expect(run(Array(500).fill('true').join(' && '))).toBe(true);
    expect(run(`${Array(300).fill('false').join(' || ')} || 'last'`)).toBe('last');
    expect(run(`(true && (true && true)) && ${Array(100).fill('1').join(' && ')}`)).toBe(1);
    expect(parseExpression('event.a && (event.b && event.c) && event.d')).toMatchObject({ kind: 'logical', operands: { length: 4 } });
  });

  it('parentheses add no level: 100 of them are fine', () => {
    expect(run(`${'('.repeat(100)}1${')'.repeat(100)}`)).toBe(1);
  });

  it(`expressions longer than ${MAX_EXPRESSION_LENGTH} characters are refused`, () => {
    const error = expressionError(() => parseExpression(`'${'a'.repeat(MAX_EXPRESSION_LENGTH)}'`));
    expect(error.message).toMatch(/longer than 10000 characters/);
    expect(error.offset).toBe(0);
  });

  it('parsing the same source twice returns the cached tree', () => {
    expect(parseExpression('event.a == 1')).toBe(parseExpression('event.a == 1'));
  });
});
