import { type ExprNode, isForbiddenProperty, startOf } from './ast.js';
import type { EvalContext } from './context.js';
import { ExpressionError } from './errors.js';
import { type Arguments, lookupFunction } from './functions.js';
import { compareValues, looseEquals, memberValues, MISSING, normalize, readMember, truthy } from './values.js';

/**
 * The result of `x.*` while a member chain is still being evaluated: further `.name`/`[i]` apply to
 * each item (dropping items without that member) instead of to the array itself. It becomes a
 * plain array as soon as anything other than member access looks at it.
 */
class Filtered {
  constructor(readonly items: unknown[]) {}
}

/** Evaluates a parsed expression. Errors carry the offset of the node that failed. */
export function evaluate(node: ExprNode, ctx: EvalContext): unknown {
  return unwrap(evalChain(node, ctx));
}

function evalChain(node: ExprNode, ctx: EvalContext): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'context':
      return Object.hasOwn(ctx.contexts, node.name) ? normalize(ctx.contexts[node.name]) : null;
    case 'property':
      return member(evalChain(node.object, ctx), node.name);
    case 'index': {
      const container = evalChain(node.object, ctx);
      const key = evaluate(node.index, ctx);
      if (typeof key === 'string' && isForbiddenProperty(key)) {
        throw new ExpressionError(`property '${key}' is not allowed`, startOf(node.index));
      }
      return member(container, key);
    }
    case 'filter': {
      const container = evalChain(node.object, ctx);
      return new Filtered(container instanceof Filtered ? container.items.flatMap(memberValues) : memberValues(container));
    }
    case 'not':
      return !truthy(evaluate(node.operand, ctx));
    case 'logical': {
      // Like JavaScript and GitHub: the deciding operand itself is the result, not a boolean.
      let value: unknown = null;
      for (const operand of node.operands) {
        value = evaluate(operand, ctx);
        if (truthy(value) === (node.operator === '||')) return value;
      }
      return value;
    }
    case 'compare':
      return compare(node.operator, evaluate(node.left, ctx), evaluate(node.right, ctx));
    case 'call': {
      const spec = lookupFunction(node.name);
      // The parser only builds calls to known functions; this guards hand-built trees.
      if (!spec) throw new ExpressionError(`unknown function '${node.name}'`, node.offset);
      return spec.call(lazyArguments(node.args, ctx), ctx, node.offset);
    }
  }
}

function member(container: unknown, key: unknown): unknown {
  if (container instanceof Filtered) {
    return new Filtered(
      container.items.flatMap((item) => {
        const value = readMember(item, key);
        return value === MISSING ? [] : [value];
      }),
    );
  }
  const value = readMember(container, key);
  return value === MISSING ? null : value;
}

function compare(operator: '==' | '!=' | '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  switch (operator) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
  }
  const order = compareValues(left, right);
  if (order === undefined) return false;
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** Arguments are evaluated when a function first asks for them, as GitHub does (case, format, join). */
function lazyArguments(nodes: readonly ExprNode[], ctx: EvalContext): Arguments {
  const values = new Map<number, unknown>();
  return {
    count: nodes.length,
    get(index: number): unknown {
      if (!values.has(index)) values.set(index, index < nodes.length ? evaluate(nodes[index]!, ctx) : undefined);
      return values.get(index);
    },
  };
}

function unwrap(value: unknown): unknown {
  return value instanceof Filtered ? value.items : value;
}
