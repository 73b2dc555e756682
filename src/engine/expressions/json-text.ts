import { ExpressionError } from './errors.js';
import { formatNumber } from './numbers.js';
import { elements, isPlainObject, MISSING, normalize } from './values.js';

/**
 * toJSON's text: two-space indented JSON of data, numbers printed as GitHub prints them (so `-0` is `0`
 * and 15 significant digits at most), without calling any toJSON/toString the data may carry.
 * Circular or absurdly deep data is an expression error located at `offset`.
 */
const MAX_DEPTH = 1000;

export function toJsonText(value: unknown, offset: number): string {
  const out: string[] = [];
  write(normalize(value), '', new Set(), offset, out);
  return out.join('');
}

/** Appends to `out` rather than returning strings, so deep data is not copied once per level. */
function write(value: unknown, indent: string, ancestors: Set<object>, offset: number, out: string[]): void {
  if (value === null || value === undefined) out.push('null');
  else if (typeof value === 'number') out.push(formatNumber(value));
  else if (typeof value === 'string' || typeof value === 'boolean') out.push(JSON.stringify(value));
  else if (typeof value !== 'object') out.push('null');
  else {
    if (ancestors.has(value)) throw new ExpressionError('cannot convert a circular value to JSON', offset);
    if (ancestors.size >= MAX_DEPTH) throw new ExpressionError('value is nested too deeply to convert to JSON', offset);
    ancestors.add(value);
    const isArray = Array.isArray(value);
    // Holes and accessors in arrays become null so indexes do not shift.
    const items: Array<[string | undefined, unknown]> = isArray
      ? elements(value).map((item) => [undefined, item === MISSING ? null : item])
      : entries(value);
    const inner = `${indent}  `;
    out.push(isArray ? '[' : '{');
    items.forEach(([key, item], i) => {
      out.push(i === 0 ? '\n' : ',\n', inner);
      if (key !== undefined) out.push(JSON.stringify(key), ': ');
      write(item, inner, ancestors, offset, out);
    });
    if (items.length > 0) out.push('\n', indent);
    out.push(isArray ? ']' : '}');
    ancestors.delete(value);
  }
}

/** Like JSON.stringify, keys holding functions, symbols or undefined are left out rather than shown as null. */
function entries(object: object): Array<[string, unknown]> {
  if (!isPlainObject(object)) return [];
  return Object.keys(object).flatMap((key): Array<[string, unknown]> => {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    if (!descriptor || !('value' in descriptor)) return [];
    const raw: unknown = descriptor.value;
    if (raw === undefined || typeof raw === 'function' || typeof raw === 'symbol') return [];
    return [[key, normalize(raw)]];
  });
}
