import { describe, expect, it } from 'vitest';
import { formatNumber, parseNumber, trimWhitespace } from '../../src/engine/expressions/numbers.js';
import { toUpperOrdinal } from '../../src/engine/expressions/ordinal-case.js';

describe('formatNumber (.NET "G15")', () => {
  it.each([
    [9.999999999999999e22, '1E+23'],
    [999999999999999.9, '1E+15'],
    [Number.parseFloat('9.9999999999999999e-5'), '0.0001'],
    [1.5, '1.5'],
    [-123.456, '-123.456'],
    [100, '100'],
    [1e14, '100000000000000'],
    [5e-324, '4.94065645841247E-324'],
    [Number.MAX_VALUE, '1.79769313486232E+308'],
    [2 ** 53, '9.00719925474099E+15'],
  ])('%d prints as %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('parseNumber (GitHub ExpressionUtility.ParseNumber)', () => {
  it.each([
    ['0x0000000001', 1],
    ['0x80000000', -2147483648],
    ['0xffffffff', -1],
    ['0x1ffffffff', NaN],
    ['0o37777777777', -1],
    ['0o40000000000', NaN],
    ['0o8', NaN],
    ['0x', NaN],
    ['\u00a0 42 \u3000', 42],
    ['\ufeff42', NaN],
    ['NaN', NaN],
    ['+nan', NaN],
    ['1e', NaN],
    ['e1', NaN],
  ])('%j is %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('long inputs are read in one pass', () => {
    expect(parseNumber(`${'1'.repeat(100_000)}x`)).toBeNaN();
    expect(trimWhitespace(`${' '.repeat(100_000)}x${' '.repeat(100_000)}y`)).toHaveLength(100_002);
  });
});

describe('toUpperOrdinal (.NET OrdinalIgnoreCase, one character at a time)', () => {
  it.each([
    ['abc', 'ABC'],
    ['ı', 'ı'],
    ['i', 'I'],
    ['İ', 'İ'],
    ['ς', 'Σ'],
    ['ß', 'ß'],
    ['straße', 'STRAßE'],
    ['ﬀ', 'ﬀ'],
    ['ᾳ', 'ᾼ'],
    ['ᾀ', 'ᾈ'],
    ['ᾈ', 'ᾈ'],
    ['ǰ', 'ǰ'],
    ['𐐨', '𐐀'],
    ['ßıa', 'ßıA'],
  ])('%s → %s', (text, upper) => {
    expect(toUpperOrdinal(text)).toBe(upper);
  });

  it('never changes the length, so positions found in the upper-cased text hold in the original', () => {
    const text = 'ßﬀŉǰΐᾀᾳıİ𐐨x'.repeat(1000);
    expect(toUpperOrdinal(text)).toHaveLength(text.length);
  });
});
