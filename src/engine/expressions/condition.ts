import type { ExprNode } from './ast.js';
import { usesStatusFunction } from './analyze.js';
import { BoundedCache } from './cache.js';
import type { EvalContext } from './context.js';
import { ExpressionError } from './errors.js';
import { evaluate } from './evaluate.js';
import { parseExpression } from './parser.js';
import { parseTemplate } from './template.js';
import { truthy } from './values.js';

export interface CompiledCondition {
  readonly source: string;
  /** The expression as written (offsets index into `source`). */
  readonly expression: ExprNode;
  /** What is evaluated: `expression`, or `success() && (expression)` when it calls no status function. */
  readonly node: ExprNode;
}

const cache = new BoundedCache<CompiledCondition>(2_000);

/**
 * Compiles an `if:`. Accepts `steps.a.outputs.ok` or `${{ steps.a.outputs.ok }}`; an empty condition
 * (or an empty `${{ }}`) means success(). As in GitHub Actions, a condition without success/failure/always/cancelled only
 * runs when everything before it succeeded.
 */
export function compileCondition(source: string): CompiledCondition {
  return cache.getOrCreate(source, compile);
}

export function evaluateCondition(condition: CompiledCondition, ctx: EvalContext): boolean {
  return truthy(evaluate(condition.node, ctx));
}

function compile(source: string): CompiledCondition {
  const start = source.length - source.trimStart().length;
  // An empty `${{ }}` is the same as an empty condition, as in GitHub.
  if (source.trim() === '' || /^\$\{\{\s*\}\}$/.test(source.trim())) {
    const success: ExprNode = { kind: 'call', name: 'success', args: [], offset: start };
    return { source, expression: success, node: success };
  }
  const expression = source.trimStart().startsWith('${{') ? wrappedExpression(source) : parseExpression(source);
  if (usesStatusFunction(expression)) return { source, expression, node: expression };
  const success: ExprNode = { kind: 'call', name: 'success', args: [], offset: expression.offset };
  return { source, expression, node: { kind: 'logical', operator: '&&', operands: [success, expression], offset: expression.offset } };
}

/** `${{ a }} && ${{ b }}` would be a string, and always truthy: refuse it rather than guess. */
function wrappedExpression(source: string): ExprNode {
  const template = parseTemplate(source);
  const first = template.parts.findIndex((part) => part.kind === 'expression');
  const only = template.parts[first];
  if (template.isSingleExpression && only?.kind === 'expression') return only.node;
  const stray = template.parts.slice(first + 1).find((part) => part.kind === 'expression' || part.text.trim() !== '');
  const offset = stray?.kind === 'text' ? stray.offset + stray.text.length - stray.text.trimStart().length : (stray?.offset ?? 0);
  throw new ExpressionError(
    "a condition must be one expression: either wrap all of it in a single '${{ }}' or leave '${{ }}' out",
    offset,
  );
}

