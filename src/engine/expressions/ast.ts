/**
 * The parsed form of an expression. Every node carries `offset`, the position of the token that
 * defines it (the name for `a.name`, the `[` for `a[i]`, the operator for `a == b`, the function name
 * for calls), so runtime errors can point at the exact spot in the source.
 */
export type ExprNode =
  | LiteralNode
  | ContextNode
  | PropertyNode
  | IndexNode
  | FilterNode
  | NotNode
  | CompareNode
  | LogicalNode
  | CallNode;

export interface LiteralNode {
  readonly kind: 'literal';
  readonly value: null | boolean | number | string;
  readonly offset: number;
}

/** A top-level name such as `steps`; `name` is always one of KNOWN_CONTEXTS, lower-cased. */
export interface ContextNode {
  readonly kind: 'context';
  readonly name: string;
  readonly offset: number;
}

/** `object.name` */
export interface PropertyNode {
  readonly kind: 'property';
  readonly object: ExprNode;
  readonly name: string;
  readonly offset: number;
}

/** `object[index]` */
export interface IndexNode {
  readonly kind: 'index';
  readonly object: ExprNode;
  readonly index: ExprNode;
  readonly offset: number;
}

/** `object.*` or `object[*]`: the values of an object or elements of an array, mapped over by what follows. */
export interface FilterNode {
  readonly kind: 'filter';
  readonly object: ExprNode;
  readonly offset: number;
}

export interface NotNode {
  readonly kind: 'not';
  readonly operand: ExprNode;
  readonly offset: number;
}

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface CompareNode {
  readonly kind: 'compare';
  readonly operator: CompareOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
  readonly offset: number;
}

/** `a && b && c`: one node for a whole run of the same operator (at least two operands), as in GitHub. */
export interface LogicalNode {
  readonly kind: 'logical';
  readonly operator: '&&' | '||';
  readonly operands: readonly ExprNode[];
  readonly offset: number;
}

/** `name` is the canonical spelling from the function table (`startsWith`, not `STARTSWITH`). */
export interface CallNode {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly ExprNode[];
  readonly offset: number;
}

/** `integrations.<name>` is true when that integration is configured (`if: ${{ integrations.slack }}`). */
export const KNOWN_CONTEXTS: readonly string[] = ['event', 'inputs', 'steps', 'env', 'secrets', 'run', 'integrations'];

/** Property names that lead to prototypes; refused whether written literally or computed at run time. */
export function isForbiddenProperty(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'constructor' || lower === '__proto__' || lower === 'prototype';
}

export function children(node: ExprNode): readonly ExprNode[] {
  switch (node.kind) {
    case 'literal':
    case 'context':
      return [];
    case 'property':
    case 'filter':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'not':
      return [node.operand];
    case 'compare':
      return [node.left, node.right];
    case 'logical':
      return node.operands;
    case 'call':
      return node.args;
  }
}

/** Where the source text of a subtree begins (its leftmost token, ignoring parentheses). */
export function startOf(node: ExprNode): number {
  switch (node.kind) {
    case 'property':
    case 'index':
    case 'filter':
      return startOf(node.object);
    case 'compare':
      return startOf(node.left);
    case 'logical':
      return startOf(node.operands[0]!);
    default:
      return node.offset;
  }
}
