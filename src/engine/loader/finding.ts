import type { Anchor, ValuePath } from './positions.js';

/**
 * A problem found in a workflow before it is given a file position: the checks decide what is wrong
 * and where in the value tree; `SourcePositions` turns that into line and column.
 */
export interface Finding {
  path: ValuePath;
  message: string;
  /** What to point at; `value` when absent. */
  anchor?: Anchor;
  /** An index into the string at `path` (an expression error), for a column inside the string. */
  offset?: number;
}

/** `steps[0].with.diff`; the root is `workflow`. */
export function formatPath(path: ValuePath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  }
  return text || 'workflow';
}

/** A value as it reads in a message: `'10 mins'`, `3`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}

export function valueAt(root: unknown, path: ValuePath): unknown {
  let value = root;
  for (const segment of path) {
    // Own keys only: a path through `constructor` must not find Object.
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
