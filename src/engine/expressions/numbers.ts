/**
 * Numbers as GitHub's evaluator reads and prints them (actions/runner ExpressionUtility.ParseNumber and
 * the "G15" format). One reader serves both number literals and string-to-number coercion, so
 * `0x10`, `' 0x10 '` and `'0x10' == 16` agree. Every function here is linear in its input.
 */

/** Digits with an optional point and exponent; written so no two parts can match the same digits (no backtracking). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const OCTAL = /^0o[0-7]+$/;

/** .NET also accepts these words, ignoring case, when a decimal does not parse. */
const WORDS: ReadonlyMap<string, number> = new Map([
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
]);

/**
 * `'  12 '` → 12, `''` → 0, `'1e3'` → 1000, `'Infinity'`/`'-infinity'` → ±Infinity, `'0xff'` → 255,
 * `'0o17'` → 15, anything else (`'0XFF'`, `'0b1'`, `'-0x1'`, `'1_000'`, `'abc'`) → NaN. Hex and octal
 * are 32-bit integers, as in GitHub: `'0xFFFFFFFF'` is -1 and longer values are NaN.
 */
export function parseNumber(raw: string): number {
  const text = trimWhitespace(raw);
  if (text === '') return 0;
  if (DECIMAL.test(text)) return Number(text);
  const word = WORDS.get(text.toLowerCase());
  if (word !== undefined) return word;
  if (HEX.test(text)) {
    const digits = text.slice(2).replace(/^0+/, '');
    return digits.length > 8 ? NaN : Number.parseInt(digits || '0', 16) | 0;
  }
  if (OCTAL.test(text)) {
    const value = Number.parseInt(text.slice(2), 8);
    return value > 0xffffffff ? NaN : value | 0;
  }
  return NaN;
}

/**
 * .NET's `ToString("G15")`: at most 15 significant digits, trailing zeros dropped, plain notation
 * for exponents -5 to 14 and `1.5E+15` / `1E-05` beyond. -0 prints as 0, as GitHub's test data shows.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential(14).split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/[-.]/g, '').replace(/0+$/, '');
  if (exponent > -5 && exponent < 15) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
  }
  const fraction = digits.slice(1);
  const power = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${digits[0]}${fraction ? `.${fraction}` : ''}E${exponent < 0 ? '-' : '+'}${power}`;
}

/** .NET's Char.IsWhiteSpace: the Unicode spaces and separators plus U+0085, but not U+FEFF. */
export function isWhitespace(c: string): boolean {
  return /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
}

/** String.Trim() of .NET, by index rather than an anchored regex (which is quadratic on long inner runs). */
export function trimWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text[start]!)) start++;
  while (end > start && isWhitespace(text[end - 1]!)) end--;
  return text.slice(start, end);
}
