import { describe, expect, it } from 'vitest';
import { compileCondition, evaluateCondition, parseExpression, parseTemplate, renderTemplate } from '../../src/engine/expressions/index.js';
import { expressionError, run } from './helpers.js';

// Number literals, string-to-number coercion and number-to-string conversion as GitHub's evaluator does
// them (actions/runner ExpressionUtility.ParseNumber, "G15" formatting, and GitHub's published test data).

describe('a sign belongs to the number literal, never an operator', () => {
  it.each([
    ['-1', -1],
    ['+1', 1],
    ['-.5', -0.5],
    ['+2.5e1', 25],
    ['-Infinity', -Infinity],
    ['+Infinity', Infinity],
    ['Infinity', Infinity],
    ['1e400', Infinity],
  ])('%s is the number %d', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each([
    ['-Infinity == Infinity', false],
    ['-Infinity < false', true],
    ['true > -Infinity', true],
    ["' -Infinity ' == -Infinity", true],
    ['!!-Infinity', true],
  ])('signed infinities compare: %s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each([
    ['-0xFF', "invalid number '-0xFF'; hex and octal numbers cannot take a sign"],
    ['+0o7', "invalid number '+0o7'; hex and octal numbers cannot take a sign"],
    ['--1', "invalid number '--1'"],
    ['-NaN', "invalid number '-NaN'"],
    ['-Inf', "invalid number '-Inf'"],
    ['0XFF', "invalid number '0XFF'"],
    ['0b101', "invalid number '0b101'"],
    ['0xFZ', "invalid number '0xFZ'"],
    ['1-2', "invalid number '1-2'"],
  ])('%s is a syntax error', (source, message) => {
    const error = expressionError(() => parseExpression(source));
    expect(error.message).toBe(message);
    expect(error.offset).toBe(0);
  });

  it('a sign separated from its number is refused with a hint, at the sign', () => {
    const error = expressionError(() => parseExpression('1 == - 1'));
    expect(error.message).toMatch(/no arithmetic.*written without a space \('-1'\)/);
    expect(error.offset).toBe(5);
  });

  it('a dot after a literal starts a (bad) number, not a property: GitHub has no members on literals', () => {
    expect(expressionError(() => parseExpression("'text'.length")).message).toBe("invalid number '.length'");
  });
});

describe('strings become numbers by GitHub\'s rules, in literals and comparisons alike', () => {
  it.each([
    ["' 0x10 ' == 16", true],
    ["'0o17' == 15", true],
    ["'\t12\n' == 12", true],
    ["' 1e3 ' == 1000", true],
    ["'1.' == 1", true],
    ["'+.5' == 0.5", true],
    ["'infinity' == Infinity", true],
    ["'-INFINITY' == -Infinity", true],
    ["'0xFFFFFFFF' == -1", true],
    ["'0x100000000' == 4294967296", false],
    ["'0X10' == 16", false],
    ["'0b1' == 1", false],
    ["'-0x10' == -16", false],
    ["'1_000' == 1000", false],
    ["'1,000' == 1000", false],
    ["'.' == 0", false],
    ["'' == 0", true],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('array indexes use the same rules', () => {
    expect(run("event.list[' 0x01 ']", { event: { list: ['a', 'b'] } })).toBe('b');
    expect(run("event.list['0X01']", { event: { list: ['a', 'b'] } })).toBeNull();
  });
});

describe('numbers become text with at most 15 significant digits, as .NET "G15" prints them', () => {
  it.each([
    ['0.84551240822557006', '0.84551240822557'],
    ['0.30000000000000004', '0.3'],
    ['123456789012345', '123456789012345'],
    ['1234567890123456', '1.23456789012346E+15'],
    ['1e15', '1E+15'],
    ['1e21', '1E+21'],
    ['-1.5e-7', '-1.5E-07'],
    ['0.0001', '0.0001'],
    ['0.00001', '1E-05'],
    ['-0', '0'],
    ['-0.0', '0'],
    ['-2.0', '-2'],
    ['NaN', 'NaN'],
    ['-Infinity', '-Infinity'],
  ])("format('{0}', %s) is %j", (literal, text) => {
    expect(run(`format('{0}', ${literal})`)).toBe(text);
  });

  it('the same text is used by join, string templates, object keys and toJSON', () => {
    const event = { n: 0.30000000000000004, byKey: { '0.3': 'found' } };
    expect(run("join(fromJSON('[0.30000000000000004, 1e21]'), ' ')")).toBe('0.3 1E+21');
    expect(renderTemplate(parseTemplate('n=${{ event.n }}'), { contexts: { event } })).toBe('n=0.3');
    expect(run('event.byKey[event.n]', { event })).toBe('found');
    expect(run('toJSON(event.n)', { event })).toBe('0.3');
    expect(run("toJSON(fromJSON('[-0, 1e21]'))")).toBe('[\n  0,\n  1E+21\n]');
  });

  it('a single-expression value keeps the number itself', () => {
    expect(renderTemplate(parseTemplate('${{ event.n }}'), { contexts: { event: { n: 0.30000000000000004 } } })).toBe(0.30000000000000004);
  });
});

describe('an empty expression is null', () => {
  it('bare or inside ${{ }}', () => {
    expect(run('')).toBeNull();
    expect(run('  \n ')).toBeNull();
    expect(renderTemplate(parseTemplate('${{ }}'), { contexts: {} })).toBeNull();
    expect(renderTemplate(parseTemplate('a${{ }}b${{}}c'), { contexts: {} })).toBe('abc');
  });

  it('an if: of an empty ${{ }} means success(), like an empty if:', () => {
    const failed = { success: () => false, failure: () => true, always: () => true, cancelled: () => false };
    expect(evaluateCondition(compileCondition('${{ }}'), { contexts: {} })).toBe(true);
    expect(evaluateCondition(compileCondition(' ${{   }} '), { contexts: {}, status: failed })).toBe(false);
    expect(evaluateCondition(compileCondition('${{ null }}'), { contexts: {} })).toBe(false);
  });
});
