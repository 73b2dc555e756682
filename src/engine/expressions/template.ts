import type { ExprNode } from './ast.js';
import { BoundedCache } from './cache.js';
import type { EvalContext } from './context.js';
import { ExpressionError } from './errors.js';
import { evaluate } from './evaluate.js';
import { parseRange } from './parser.js';
import { toText } from './values.js';

/** `offset` is where the part starts in the template's source (for an expression, its `${{`). */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string; readonly offset: number }
  | { readonly kind: 'expression'; readonly node: ExprNode; readonly offset: number };

export interface CompiledTemplate {
  readonly source: string;
  /** Exactly one `${{ }}` with nothing but whitespace around it: rendering yields the raw value. */
  readonly isSingleExpression: boolean;
  readonly hasExpressions: boolean;
  readonly parts: readonly TemplatePart[];
}

const OPEN = '${{';
const CLOSE = '}}';

const cache = new BoundedCache<CompiledTemplate>(1_000);

/** Splits text into literal and `${{ expr }}` parts. Error offsets index into `text`. Cached by text. */
export function parseTemplate(text: string): CompiledTemplate {
  return cache.getOrCreate(text, compile);
}

function compile(source: string): CompiledTemplate {
  const parts: TemplatePart[] = [];
  let i = 0;
  for (let open = source.indexOf(OPEN); open !== -1; open = source.indexOf(OPEN, i)) {
    if (open > i) parts.push({ kind: 'text', text: source.slice(i, open), offset: i });
    const close = findClose(source, open);
    parts.push({ kind: 'expression', node: parseRange(source, open + OPEN.length, close), offset: open });
    i = close + CLOSE.length;
  }
  if (i < source.length) parts.push({ kind: 'text', text: source.slice(i), offset: i });
  const expressions = parts.filter((part) => part.kind === 'expression').length;
  return {
    source,
    hasExpressions: expressions > 0,
    isSingleExpression: expressions === 1 && parts.every((part) => part.kind === 'expression' || part.text.trim() === ''),
    parts,
  };
}

/**
 * Finds the `}}` that ends the expression opened at `open`. Quoted strings are skipped, so
 * `${{ format('{0}}}', x) }}` ends at the last `}}`; outside strings the grammar has no braces.
 */
function findClose(source: string, open: number): number {
  let j = open + OPEN.length;
  while (j < source.length) {
    const c = source[j];
    if (c === "'") {
      j = skipString(source, j);
    } else if (c === '}' && source[j + 1] === '}') {
      return j;
    } else {
      j++;
    }
  }
  throw new ExpressionError(`unterminated '${OPEN}': expected '${CLOSE}'`, open);
}

/** Index just past the string literal starting at `quote` ('' is an escaped quote). */
function skipString(source: string, quote: number): number {
  let j = quote + 1;
  for (;;) {
    const next = source.indexOf("'", j);
    if (next === -1) throw new ExpressionError('unterminated string literal', quote);
    if (source[next + 1] !== "'") return next + 1;
    j = next + 2;
  }
}

/**
 * A single-expression template yields the value itself (object, number, array, ...); otherwise every
 * expression is converted to text as GitHub does (null → '', numbers to 15 significant digits, arrays
 * and objects → `Array` / `Object`; use toJSON() for their contents) and joined with the literal parts.
 * An empty `${{ }}` is null, so `a${{ }}b` is `ab`.
 */
export function renderTemplate(template: CompiledTemplate, ctx: EvalContext): unknown {
  if (!template.hasExpressions) return template.source;
  if (template.isSingleExpression) {
    const only = template.parts.find((part) => part.kind === 'expression');
    if (only) return evaluate(only.node, ctx);
  }
  let out = '';
  for (const part of template.parts) {
    out += part.kind === 'text' ? part.text : toText(evaluate(part.node, ctx));
  }
  return out;
}
