import { formatNumber, parseNumber } from './numbers.js';
import { equalsIgnoreCase, toUpperOrdinal } from './ordinal-case.js';

/**
 * GitHub Actions value semantics over plain JavaScript data: truthiness, loose equality, string
 * conversion, and member lookup. Data is read, never invoked: no getters, toString, valueOf or toJSON
 * of user data ever runs, and only own properties of arrays and plain objects are visible.
 */

/** Marks a member that does not exist, so `a.*.b` can skip it while `a.b` turns it into null. */
export const MISSING: unique symbol = Symbol('missing');

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What the expression language can see of a host value: JSON-like data, with everything else as null. */
export function normalize(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return Number(value);
    case 'object':
      return value === null || Array.isArray(value) || isPlainObject(value) ? value : null;
    default:
      // undefined, functions and symbols: data never carries behaviour into an expression.
      return null;
  }
}

/**
 * Reads `container[key]` the way GitHub does (array index floors a non-negative number; an object key
 * is the key's text, `obj[1.50]` reads `'1.5'`, falling back to an ordinal case-insensitive match; arrays
 * and objects are no key) but only through own data properties.
 */
export function readMember(container: unknown, key: unknown): unknown {
  if (Array.isArray(container)) {
    const index = toNumber(key);
    if (!Number.isFinite(index) || index < 0) return MISSING;
    return ownData(container, String(Math.floor(index)));
  }
  if (!isPlainObject(container) || !isPrimitive(key)) return MISSING;
  const name = toText(key);
  const exact = ownData(container, name);
  if (exact !== MISSING) return exact;
  const upper = toUpperOrdinal(name);
  const match = Object.keys(container).find((k) => toUpperOrdinal(k) === upper);
  return match === undefined ? MISSING : ownData(container, match);
}

/** The values `a.*` expands to. */
export function memberValues(container: unknown): unknown[] {
  if (Array.isArray(container)) return elements(container).filter(present);
  if (isPlainObject(container)) return Object.keys(container).map((k) => ownData(container, k)).filter(present);
  return [];
}

function present(value: unknown): boolean {
  return value !== MISSING;
}

function ownData(container: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  // Accessor properties are skipped: reading one would run host code.
  if (!descriptor || !('value' in descriptor)) return MISSING;
  return normalize(descriptor.value);
}

export function isPrimitive(value: unknown): value is null | boolean | number | string {
  return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);
}

/** GitHub truthiness: false, 0, -0, '', null and NaN are falsy; every object and array is truthy. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return true;
}

/** null → 0, booleans → 1/0, strings as GitHub parses them ('' → 0, ' 0x1f ' → 31, 'abc' → NaN), objects → NaN. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseNumber(value);
  return NaN;
}

type Kind = 'null' | 'boolean' | 'number' | 'string' | 'object';

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null';
  const type = typeof value;
  return type === 'boolean' || type === 'number' || type === 'string' ? type : 'object';
}

/**
 * Brings two values to a common kind the way GitHub's evaluator does: null and booleans become numbers,
 * a string meeting a number becomes a number, arrays and objects are never converted.
 */
function coerce(left: unknown, right: unknown): [Kind, unknown, Kind, unknown] {
  let lk = kindOf(left);
  let rk = kindOf(right);
  if (lk === rk) return [lk, left, rk, right];
  if (lk === 'null' || lk === 'boolean') [lk, left] = ['number', toNumber(left)];
  if (rk === 'null' || rk === 'boolean') [rk, right] = ['number', toNumber(right)];
  if (lk === 'string' && rk === 'number') [lk, left] = ['number', toNumber(left)];
  if (rk === 'string' && lk === 'number') [rk, right] = ['number', toNumber(right)];
  return [lk, left, rk, right];
}

export function looseEquals(a: unknown, b: unknown): boolean {
  const [lk, left, rk, right] = coerce(a, b);
  if (lk !== rk) return false;
  switch (lk) {
    case 'null':
      return true;
    case 'number':
      return (left as number) === (right as number);
    case 'string':
      return equalsIgnoreCase(left as string, right as string);
    case 'boolean':
      return left === right;
    case 'object':
      // Arrays and objects are equal only to themselves.
      return left === right;
  }
}

/** -1, 0 or 1, or undefined when the values do not order (NaN, objects, mismatched kinds). */
export function compareValues(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const [lk, left, rk, right] = coerce(a, b);
  if (lk !== rk) return undefined;
  let l: number | string;
  let r: number | string;
  if (lk === 'number') {
    [l, r] = [left as number, right as number];
    if (Number.isNaN(l) || Number.isNaN(r)) return undefined;
  } else if (lk === 'string') {
    [l, r] = [toUpperOrdinal(left as string), toUpperOrdinal(right as string)];
  } else if (lk === 'boolean') {
    [l, r] = [toNumber(left), toNumber(right)];
  } else if (lk === 'null') {
    return 0;
  } else {
    return undefined;
  }
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * How a value reads inside text (format, join, string templates, index keys, contains/startsWith):
 * null → '', booleans → 'true'/'false', numbers with at most 15 significant digits, and arrays and
 * objects as the words `Array` and `Object`, as in GitHub. Use toJSON to see their contents.
 */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Array.isArray(value) ? 'Array' : 'Object';
}

/** Indexed rather than iterated: an own Symbol.iterator in the data must not run. */
export function elements(array: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < array.length; i++) out.push(ownData(array, String(i)));
  return out;
}
