/**
 * GitHub compares strings with .NET's StringComparison.OrdinalIgnoreCase: each character is upper-cased
 * on its own with Unicode's simple (one-to-one) mapping, then code units are compared. So `'ß'` stays
 * `ß` (no `SS`), `ς`, `σ` and `Σ` are equal, `'İ'` ≠ `'i'`, and the dotless `ı` keeps its case, so
 * `'ı'` ≠ `'I'`. JavaScript's toUpperCase applies the full mapping, so it is only trusted where that
 * mapping is one-to-one. Linear in the length of the text.
 */

const DOTLESS_I = 'ı';

/** Both sides upper-cased the GitHub way; compare the results with ===, < or startsWith. */
export function toUpperOrdinal(text: string): string {
  const whole = text.toUpperCase();
  // Same length: no character expanded, so the full mapping was one-to-one everywhere.
  if (whole.length === text.length) return text.includes(DOTLESS_I) ? keepDotless(text, whole) : whole;
  let out = '';
  for (const char of text) out += upperChar(char);
  return out;
}

export function equalsIgnoreCase(a: string, b: string): boolean {
  return a === b || toUpperOrdinal(a) === toUpperOrdinal(b);
}

function keepDotless(text: string, upper: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text[i] === DOTLESS_I ? DOTLESS_I : upper[i];
  return out;
}

/** One code point (one or two UTF-16 units) to its simple upper-case form, never changing its length. */
function upperChar(char: string): string {
  if (char === DOTLESS_I) return char;
  const upper = char.toUpperCase();
  if (upper.length === char.length) return upper;
  // Full mappings that expand (ß → SS, ŉ → ʼN, ﬀ → FF) have no simple mapping, except Greek letters
  // with iota subscript, whose simple upper case is the matching capital with prosgegrammeni.
  const code = char.codePointAt(0)!;
  return String.fromCodePoint(IOTA_SUBSCRIPT.get(code) ?? code);
}

const IOTA_SUBSCRIPT: ReadonlyMap<number, number> = new Map([
  ...[0x1f80, 0x1f90, 0x1fa0].flatMap((row) => Array.from({ length: 8 }, (_, i): [number, number] => [row + i, row + i + 8])),
  [0x1fb3, 0x1fbc],
  [0x1fc3, 0x1fcc],
  [0x1ff3, 0x1ffc],
]);
