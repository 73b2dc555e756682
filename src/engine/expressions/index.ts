/**
 * The `${{ }}` expression language of workflows, modelled on GitHub Actions expressions. It is
 * interpreted from an AST: nothing here ever reaches eval, Function or a method of user data.
 */
export type {
  CallNode,
  CompareNode,
  CompareOperator,
  ContextNode,
  ExprNode,
  FilterNode,
  IndexNode,
  LiteralNode,
  LogicalNode,
  NotNode,
  PropertyNode,
} from './ast.js';
export { children, KNOWN_CONTEXTS, startOf } from './ast.js';
export { referencedContexts, referencedSteps, usesStatusFunction } from './analyze.js';
export { type CompiledValue, compileValue, evaluateValue, templatesIn } from './compiled-value.js';
export { type CompiledCondition, compileCondition, evaluateCondition } from './condition.js';
export type { EvalContext, StatusFunctions } from './context.js';
export { ExpressionError } from './errors.js';
export { evaluate } from './evaluate.js';
export { FUNCTION_NAMES } from './functions.js';
export { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, parseExpression } from './parser.js';
export { type CompiledTemplate, parseTemplate, renderTemplate, type TemplatePart } from './template.js';
export { truthy } from './values.js';
