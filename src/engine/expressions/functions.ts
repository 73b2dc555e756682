import type { EvalContext } from './context.js';
import { ExpressionError } from './errors.js';
import { isPrimitive, looseEquals, memberValues, toJsonText, toText } from './values.js';

export interface FunctionSpec {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** `offset` is the call's position, for errors the function raises. */
  call(args: readonly unknown[], ctx: EvalContext, offset: number): unknown;
}

export const STATUS_FUNCTIONS: readonly string[] = ['success', 'failure', 'always', 'cancelled'];

const SPECS: readonly FunctionSpec[] = [
  { name: 'contains', minArgs: 2, maxArgs: 2, call: ([search, item]) => contains(search, item) },
  { name: 'startsWith', minArgs: 2, maxArgs: 2, call: ([text, prefix]) => textTest(text, prefix, (t, p) => t.startsWith(p)) },
  { name: 'endsWith', minArgs: 2, maxArgs: 2, call: ([text, suffix]) => textTest(text, suffix, (t, s) => t.endsWith(s)) },
  { name: 'format', minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, call: (args, _ctx, offset) => format(args, offset) },
  { name: 'join', minArgs: 1, maxArgs: 2, call: ([value, separator], _ctx, offset) => join(value, separator, offset) },
  { name: 'toJSON', minArgs: 1, maxArgs: 1, call: ([value], _ctx, offset) => toJsonText(value, 2, offset) },
  { name: 'fromJSON', minArgs: 1, maxArgs: 1, call: ([text], _ctx, offset) => fromJson(text, offset) },
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

/** Arrays: any element loosely equal to `item`. Otherwise case-insensitive substring of the text forms. */
function contains(search: unknown, item: unknown): boolean {
  if (Array.isArray(search)) return memberValues(search).some((element) => looseEquals(item, element));
  return textTest(search, item, (text, part) => text.includes(part));
}

function textTest(text: unknown, part: unknown, test: (text: string, part: string) => boolean): boolean {
  if (!isPrimitive(text) || !isPrimitive(part)) return false;
  return test(toText(text, 0).toLowerCase(), toText(part, 0).toLowerCase());
}

/** `format('{0} and {1}', a, b)`; `{{` and `}}` are literal braces. */
function format(args: readonly unknown[], offset: number): string {
  const template = toText(args[0], offset);
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '{' && template[i + 1] === '{') {
      out += '{';
      i += 2;
    } else if (c === '}' && template[i + 1] === '}') {
      out += '}';
      i += 2;
    } else if (c === '{') {
      const match = /^\{(\d+)\}/.exec(template.slice(i, i + 12));
      if (!match) throw new ExpressionError(`format: invalid placeholder at index ${i} of '${template}'; use {0}, {1}, ... and {{ or }} for literal braces`, offset);
      const index = Number(match[1]);
      if (index + 1 >= args.length) {
        throw new ExpressionError(`format: '${template}' uses {${index}} but only ${args.length - 1} argument(s) were given`, offset);
      }
      out += toText(args[index + 1], offset);
      i += match[0].length;
    } else if (c === '}') {
      throw new ExpressionError(`format: unmatched '}' at index ${i} of '${template}'; write }} for a literal brace`, offset);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function join(value: unknown, separator: unknown, offset: number): string {
  if (isPrimitive(value)) return toText(value, offset);
  if (!Array.isArray(value)) return '';
  const sep = separator === undefined ? ',' : isPrimitive(separator) ? toText(separator, offset) : ',';
  return memberValues(value)
    .map((item) => toText(item, offset))
    .join(sep);
}

/** JSON.parse keeps `__proto__` as an own key; dropping it stops a later object spread from polluting prototypes. */
function fromJson(text: unknown, offset: number): unknown {
  if (!isPrimitive(text)) throw new ExpressionError('fromJSON: expected a string', offset);
  const source = toText(text, offset);
  if (source.trim() === '') throw new ExpressionError('fromJSON: empty input', offset);
  try {
    return JSON.parse(source, (key, value: unknown) => (key === '__proto__' ? undefined : value)) as unknown;
  } catch (error) {
    throw new ExpressionError(`fromJSON: invalid JSON: ${error instanceof Error ? error.message : String(error)}`, offset, { cause: error });
  }
}
