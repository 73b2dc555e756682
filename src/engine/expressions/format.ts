import type { Arguments } from './functions.js';
import { ExpressionError } from './errors.js';
import { toText } from './values.js';

/**
 * `format('{0} and {1}', a, b)` as GitHub implements it: `{{` and `}}` are literal braces, an index is
 * 0-255 (leading zeros allowed), `{0:}` is `{0}`, and format specifiers (`{0:x}`) are an error. The whole
 * format string is checked before any argument is evaluated, and only the arguments it names are.
 */
export function format(args: Arguments, offset: number): string {
  const template = toText(args.get(0));
  const parts: Array<string | number> = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      literal += c;
      i += 2;
    } else if (c === '{') {
      const placeholder = readPlaceholder(template, i, args.count - 1, offset);
      parts.push(literal, placeholder.index);
      literal = '';
      i = placeholder.end;
    } else if (c === '}') {
      throw new ExpressionError(`format: unmatched '}' at index ${i} of '${template}'; write }} for a literal brace`, offset);
    } else {
      literal += c;
      i++;
    }
  }
  parts.push(literal);
  return parts.map((part) => (typeof part === 'number' ? toText(args.get(part + 1)) : part)).join('');
}

/** `{digits}` or `{digits:specifiers}` starting at `open`; `end` is just past its closing brace. */
function readPlaceholder(template: string, open: number, supplied: number, offset: number): { index: number; end: number } {
  let j = open + 1;
  while (j < template.length && template[j]! >= '0' && template[j]! <= '9') j++;
  const digits = template.slice(open + 1, j);
  let specifiers = '';
  if (template[j] === ':') {
    // Specifiers run to the first single '}'; '}}' inside them is an escaped brace.
    for (j++; j < template.length && !(template[j] === '}' && template[j + 1] !== '}'); j += template[j] === '}' ? 2 : 1) {
      specifiers += template[j];
    }
  }
  const index = Number(digits);
  if (digits === '' || template[j] !== '}' || index > 255) {
    throw new ExpressionError(
      `format: invalid placeholder at index ${open} of '${template}'; use {0}, {1}, ... and {{ or }} for literal braces`,
      offset,
    );
  }
  if (specifiers !== '') throw new ExpressionError(`format: '${template}' uses format specifiers ('{${digits}:${specifiers}}'), which are not supported`, offset);
  if (index >= supplied) {
    throw new ExpressionError(`format: '${template}' uses {${index}} but only ${supplied} argument(s) were given`, offset);
  }
  return { index, end: j + 1 };
}
