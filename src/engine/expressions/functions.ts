import type { EvalContext } from './context.js';
import { ExpressionError } from './errors.js';
import { format } from './format.js';
import { toJsonText } from './json-text.js';
import { toUpperOrdinal } from './ordinal-case.js';
import { isPrimitive, looseEquals, memberValues, toText } from './values.js';

/** A call's arguments, each evaluated the first time it is asked for (GitHub's functions are lazy too). */
export interface Arguments {
  readonly count: number;
  get(index: number): unknown;
}

export interface FunctionSpec {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Checked at parse time, after the count: a reason to refuse the call, or undefined. */
  readonly checkCount?: (count: number) => string | undefined;
  /** `offset` is the call's position, for errors the function raises. */
  call(args: Arguments, ctx: EvalContext, offset: number): unknown;
}

export const STATUS_FUNCTIONS: readonly string[] = ['success', 'failure', 'always', 'cancelled'];

/** GitHub's own bound on a function's arguments (a byte). */
const MAX_ARGS = 255;

const SPECS: readonly FunctionSpec[] = [
  { name: 'contains', minArgs: 2, maxArgs: 2, call: (args) => contains(args) },
  { name: 'startsWith', minArgs: 2, maxArgs: 2, call: (args) => textTest(args, (text, part) => text.startsWith(part)) },
  { name: 'endsWith', minArgs: 2, maxArgs: 2, call: (args) => textTest(args, (text, part) => text.endsWith(part)) },
  { name: 'format', minArgs: 1, maxArgs: MAX_ARGS, call: (args, _ctx, offset) => format(args, offset) },
  { name: 'join', minArgs: 1, maxArgs: 2, call: (args) => join(args) },
  { name: 'toJSON', minArgs: 1, maxArgs: 1, call: (args, _ctx, offset) => toJsonText(args.get(0), offset) },
  { name: 'fromJSON', minArgs: 1, maxArgs: 1, call: (args, _ctx, offset) => fromJson(args.get(0), offset) },
  {
    name: 'case',
    minArgs: 3,
    maxArgs: MAX_ARGS,
    checkCount: (count) => (count % 2 === 0 ? 'case() takes pairs of condition and value, then a default: an odd number of arguments' : undefined),
    call: (args, _ctx, offset) => caseOf(args, offset),
  },
  { name: 'success', minArgs: 0, maxArgs: 0, call: (_args, ctx) => ctx.status?.success() ?? true },
  { name: 'failure', minArgs: 0, maxArgs: 0, call: (_args, ctx) => ctx.status?.failure() ?? false },
  { name: 'always', minArgs: 0, maxArgs: 0, call: (_args, ctx) => ctx.status?.always() ?? true },
  { name: 'cancelled', minArgs: 0, maxArgs: 0, call: (_args, ctx) => ctx.status?.cancelled() ?? false },
];

/** Canonical spellings, for error messages. */
export const FUNCTION_NAMES: readonly string[] = SPECS.map((spec) => spec.name);

const BY_LOWER_NAME: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((spec) => [spec.name.toLowerCase(), spec]));

/** Function names are case-insensitive, as in GitHub Actions. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/** A non-empty array: any element loosely equal to the item. Text: an ordinal case-insensitive substring. */
function contains(args: Arguments): boolean {
  const search = args.get(0);
  if (Array.isArray(search)) {
    if (search.length === 0) return false;
    const item = args.get(1);
    return memberValues(search).some((element) => looseEquals(item, element));
  }
  return textTest(args, (text, part) => text.includes(part));
}

/** Both arguments must be primitives; they are compared as text, ignoring case the GitHub way. */
function textTest(args: Arguments, test: (text: string, part: string) => boolean): boolean {
  const text = args.get(0);
  if (!isPrimitive(text)) return false;
  const part = args.get(1);
  if (!isPrimitive(part)) return false;
  return test(toUpperOrdinal(toText(text)), toUpperOrdinal(toText(part)));
}

/** Items as text joined by the separator (default ','; a non-primitive separator is ignored). */
function join(args: Arguments): string {
  const value = args.get(0);
  if (isPrimitive(value)) return toText(value);
  if (!Array.isArray(value)) return '';
  const items = memberValues(value).map(toText);
  if (items.length < 2) return items.join('');
  const separator = args.count > 1 ? args.get(1) : ',';
  return items.join(isPrimitive(separator) ? toText(separator) : ',');
}

/** `case(c1, v1, c2, v2, ..., default)`: the value after the first true condition; conditions must be booleans. */
function caseOf(args: Arguments, offset: number): unknown {
  for (let i = 0; i + 1 < args.count; i += 2) {
    const condition = args.get(i);
    if (typeof condition !== 'boolean') {
      throw new ExpressionError(`case: condition ${i / 2 + 1} is ${describe(condition)}, not a boolean; compare it, e.g. x == 'value'`, offset);
    }
    if (condition) return args.get(i + 1);
  }
  return args.get(args.count - 1);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** JSON.parse keeps `__proto__` as an own key; dropping it stops a later object spread from polluting prototypes. */
function fromJson(value: unknown, offset: number): unknown {
  if (!isPrimitive(value)) throw new ExpressionError('fromJSON: expected a string', offset);
  const source = toText(value);
  if (source.trim() === '') throw new ExpressionError('fromJSON: empty input', offset);
  try {
    return JSON.parse(source, (key, item: unknown) => (key === '__proto__' ? undefined : item)) as unknown;
  } catch (error) {
    throw new ExpressionError(`fromJSON: invalid JSON: ${error instanceof Error ? error.message : String(error)}`, offset, { cause: error });
  }
}
