import type { EvalContext } from './context.js';
import { ExpressionError } from './errors.js';
import { type CompiledTemplate, parseTemplate, renderTemplate } from './template.js';
import { isPlainObject } from './values.js';

/** A YAML value (e.g. a step's `with:`) with its `${{ }}` strings compiled; template-free subtrees stay static. */
export type CompiledValue =
  | { readonly kind: 'static'; readonly value: unknown }
  | { readonly kind: 'template'; readonly template: CompiledTemplate }
  | { readonly kind: 'array'; readonly items: readonly CompiledValue[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, CompiledValue]> };

type Path = (string | number)[];

/** Compiles once; parse errors are rethrown with `path` set to where the bad string sits. */
export function compileValue(value: unknown): CompiledValue {
  return compileAt(value, [], new Set());
}

function compileAt(value: unknown, path: Path, ancestors: Set<object>): CompiledValue {
  if (typeof value === 'string') {
    return isTemplate(value) ? { kind: 'template', template: parseAt(value, path) } : { kind: 'static', value };
  }
  if (!Array.isArray(value) && !isPlainObject(value)) return { kind: 'static', value };
  enter(value, path, ancestors);
  let compiled: CompiledValue;
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileAt(item, [...path, i], ancestors));
    compiled = items.every(isStatic) ? { kind: 'static', value: cloneData(value) } : { kind: 'array', items };
  } else {
    const entries = Object.entries(value).map(([key, item]) => [key, compileAt(item, [...path, key], ancestors)] as const);
    compiled = entries.every(([, item]) => isStatic(item)) ? { kind: 'static', value: cloneData(value) } : { kind: 'object', entries };
  }
  ancestors.delete(value);
  return compiled;
}

/**
 * Renders a compiled value. Static parts are copied, so an action that mutates its inputs cannot
 * change the workflow for the next run.
 */
export function evaluateValue(value: CompiledValue, ctx: EvalContext): unknown {
  switch (value.kind) {
    case 'static':
      return cloneData(value.value);
    case 'template':
      return renderTemplate(value.template, ctx);
    case 'array':
      return value.items.map((item) => evaluateValue(item, ctx));
    case 'object':
      // fromEntries defines own keys, so a YAML key named "__proto__" cannot set a prototype.
      return Object.fromEntries(value.entries.map(([key, item]) => [key, evaluateValue(item, ctx)]));
  }
}

/** Every `${{ }}` string inside a value, with its path, for load-time validation. */
export function templatesIn(
  value: unknown,
  path: (string | number)[] = [],
): Array<{ path: (string | number)[]; template: CompiledTemplate; text: string }> {
  const found: Array<{ path: (string | number)[]; template: CompiledTemplate; text: string }> = [];
  const ancestors = new Set<object>();
  const visit = (node: unknown, at: Path): void => {
    if (typeof node === 'string') {
      if (isTemplate(node)) found.push({ path: at, template: parseAt(node, at), text: node });
      return;
    }
    if (!Array.isArray(node) && !isPlainObject(node)) return;
    enter(node, at, ancestors);
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...at, i]));
    else for (const [key, item] of Object.entries(node)) visit(item, [...at, key]);
    ancestors.delete(node);
  };
  visit(value, path);
  return found;
}

function isTemplate(text: string): boolean {
  return text.includes('${{');
}

function parseAt(text: string, path: Path): CompiledTemplate {
  try {
    return parseTemplate(text);
  } catch (error) {
    throw error instanceof ExpressionError ? error.at(path) : error;
  }
}

/** YAML aliases can build cycles; walking one would never end. */
function enter(value: object, path: Path, ancestors: Set<object>): void {
  if (ancestors.has(value)) throw new ExpressionError('value contains itself (a recursive YAML alias?)', 0, { path });
  ancestors.add(value);
}

function isStatic(value: CompiledValue): boolean {
  return value.kind === 'static';
}

/** Deep copy of arrays and plain objects; anything else is shared as is. */
function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneData(item)]));
  return value;
}
