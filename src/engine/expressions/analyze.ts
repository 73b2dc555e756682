import { children, type ExprNode } from './ast.js';
import { STATUS_FUNCTIONS } from './functions.js';

/** Every read of a top-level context, in source order (one entry per occurrence). */
export function referencedContexts(node: ExprNode): Array<{ name: string; offset: number }> {
  return nodesOf(node)
    .flatMap((n) => (n.kind === 'context' ? [{ name: n.name, offset: n.offset }] : []))
    .sort(byOffset);
}

/**
 * Step ids read as `steps.<id>` or `steps['<id>']`, in source order, with the offset of the id.
 * Computed ids (`steps[inputs.name]`) and `steps.*` name no particular step and are left out.
 */
export function referencedSteps(node: ExprNode): Array<{ id: string; offset: number }> {
  return nodesOf(node)
    .flatMap((n) => {
      if (n.kind === 'property' && isSteps(n.object)) return [{ id: n.name, offset: n.offset }];
      if (n.kind === 'index' && isSteps(n.object) && n.index.kind === 'literal' && typeof n.index.value === 'string') {
        return [{ id: n.index.value, offset: n.index.offset }];
      }
      return [];
    })
    .sort(byOffset);
}

/** Whether the expression calls success/failure/always/cancelled anywhere. */
export function usesStatusFunction(node: ExprNode): boolean {
  return nodesOf(node).some((n) => n.kind === 'call' && STATUS_FUNCTIONS.includes(n.name));
}

function isSteps(node: ExprNode): boolean {
  return node.kind === 'context' && node.name === 'steps';
}

/** Trees are at most MAX_NESTING_DEPTH deep, so plain recursion is safe here. */
function nodesOf(root: ExprNode): ExprNode[] {
  const out: ExprNode[] = [];
  const visit = (node: ExprNode): void => {
    out.push(node);
    children(node).forEach(visit);
  };
  visit(root);
  return out;
}

function byOffset(a: { offset: number }, b: { offset: number }): number {
  return a.offset - b.offset;
}
