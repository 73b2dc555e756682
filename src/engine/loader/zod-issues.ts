import { z } from 'zod';
import { didYouMean } from '../suggest.js';
import { describeValue, formatPath, isRecord, valueAt, type Finding } from './finding.js';
import type { ValuePath } from './positions.js';

type Issue = z.core.$ZodIssue;

export interface IssueContext {
  /** The value that was validated, to describe what was found. */
  root: unknown;
  /** The schema that was validated against, to list the keys an object accepts. */
  schema: z.ZodType;
  /** Where `root` sits in the workflow. */
  basePath?: ValuePath;
  /**
   * Whether check messages come from our schema, where they are phrased to follow the field name
   * ("must be at most 10"); an action's schema has zod's own sentences.
   */
  ownMessages?: boolean;
}

/** Keys users bring from GitHub Actions that have another spelling here. */
const HABITS = new Map<string, string>([
  ['jobs', 'a workflow has no jobs; list its steps under steps:'],
  ['runs-on', 'steps run in the agentic-sdlc worker; remove runs-on'],
  ['run', 'steps run actions; name one with uses:'],
  ['branches-ignore', "exclude branches with '!pattern' entries in branches:"],
  ['paths-ignore', "exclude paths with '!pattern' entries in paths:"],
]);

/** Turns zod issues into findings with messages that name the field, what was expected and what was found. */
export function issuesToFindings(issues: readonly Issue[], context: IssueContext): Finding[] {
  const findings: Finding[] = [];
  const base = context.basePath ?? [];
  for (const issue of issues) findings.push(...issueToFindings(issue, context, [...base, ...issue.path.map(segment)]));
  return findings;
}

function issueToFindings(issue: Issue, context: IssueContext, path: ValuePath): Finding[] {
  const base = context.basePath ?? [];
  const value = valueAt(context.root, path.slice(base.length));
  const label = formatPath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(context.schema, path.slice(base.length), context.root);
      if (path.length === 1 && path[0] === 'on' && context.ownMessages) {
        // `on:` keys are the registered trigger kinds: a key none claims names an integration that is absent or misspelled.
        return issue.keys.map((key) => {
          const suggestion = didYouMean(key, known);
          return {
            path: [...path, key],
            anchor: 'key' as const,
            message: `unknown trigger '${key}' in on; ${suggestion ? `did you mean ${suggestion}?` : `no registered trigger kind has that name (known: ${[...known].sort().join(', ')})`}`,
          };
        });
      }
      return issue.keys.map((key) => ({
        path: [...path, key],
        anchor: 'key' as const,
        message: `unknown ${path.length === 0 ? 'top-level key' : 'key'} '${key}'${path.length === 0 ? '' : ` in ${label}`}; ${unknownKeyHint(key, known)}`,
      }));
    }
    case 'invalid_union':
      return unionFindings(issue, context, path, value);
    case 'invalid_type': {
      const parentPath = path.slice(0, -1);
      const parent = valueAt(context.root, parentPath.slice(base.length));
      const key = path[path.length - 1];
      if (value === undefined && path.length > base.length && isRecord(parent) && typeof key === 'string' && !Object.hasOwn(parent, key)) {
        const where = parentPath.length === 0 ? '' : ` in ${formatPath(parentPath)}`;
        return [{ path, anchor: 'container', message: `missing required key '${key}'${where}` }];
      }
      if (path.length === 0) {
        return [{ path, message: `a workflow must be a mapping with name and steps, got ${describeValue(value)}` }];
      }
      return [{ path, message: `${label} must be ${expectation(issue.expected)}, got ${describeValue(value)}` }];
    }
    case 'invalid_value': {
      const options = issue.values.map((option) => String(option));
      const hint = typeof value === 'string' ? didYouMean(value, options) : undefined;
      return [
        {
          path,
          message: `${label} must be one of ${options.join(', ')}, got ${describeValue(value)}${hint ? `; did you mean ${hint}?` : ''}`,
        },
      ];
    }
    case 'invalid_key': {
      const key = String(path[path.length - 1]);
      const reason = issue.issues[0]?.message ?? 'is not allowed';
      return [
        {
          path,
          anchor: 'key',
          message: `key '${key}' in ${formatPath(path.slice(0, -1))} ${context.ownMessages ? reason : `is invalid: ${reason}`}`,
        },
      ];
    }
    default:
      return [
        {
          path,
          message: context.ownMessages
            ? `${label} ${issue.message}${value !== null && typeof value === 'object' ? '' : `, got ${describeValue(value)}`}`
            : `${label}: ${issue.message}`,
        },
      ];
  }
}

/**
 * A union reports every branch's issues. The useful ones come from the branch whose type matched
 * (for `retry: {attempts: 30}`, the object branch's "at most 10", not "expected a number"); when no
 * branch matched, the message lists what each branch expected.
 */
function unionFindings(issue: Extract<Issue, { code: 'invalid_union' }>, context: IssueContext, path: ValuePath, value: unknown): Finding[] {
  const typeMismatch = (branchIssue: Issue) =>
    branchIssue.path.length === 0 &&
    (branchIssue.code === 'invalid_type' || branchIssue.code === 'invalid_value' || branchIssue.code === 'invalid_union');
  const matching = issue.errors.find((branch) => branch.length > 0 && !branch.some(typeMismatch));
  if (matching) {
    // Branch issue paths are relative to the union; `schemaAt` picks the option that fits the value.
    const relative = path.slice((context.basePath ?? []).length);
    const schema = schemaAt(context.schema, relative, context.root) ?? z.unknown();
    return issuesToFindings(matching, { ...context, basePath: path, root: valueAt(context.root, relative), schema });
  }
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    for (const branchIssue of branch) {
      if (branchIssue.path.length > 0) continue;
      if (branchIssue.code === 'invalid_type' && branchIssue.expected !== 'null') expected.add(expectation(branchIssue.expected));
      if (branchIssue.code === 'invalid_value') expected.add(`one of ${branchIssue.values.map(String).join(', ')}`);
    }
  }
  const what = expected.size > 0 ? [...expected].join(' or ') : 'something else';
  return [{ path, message: `${formatPath(path)} must be ${what}, got ${describeValue(value)}` }];
}

function unknownKeyHint(key: string, known: readonly string[]): string {
  const suggestion = didYouMean(key, known);
  if (suggestion) return `did you mean ${suggestion}?`;
  const habit = HABITS.get(key);
  if (habit) return habit;
  return known.length > 0 ? `expected one of ${known.join(', ')}` : 'no keys are allowed here';
}

function expectation(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'int':
      return 'an integer';
    case 'undefined':
      return 'absent';
    default:
      return `a ${expected}`;
  }
}

function segment(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

function knownKeys(schema: z.ZodType, path: ValuePath, root: unknown): string[] {
  const at = schemaAt(schema, path, root);
  return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

/** The object shape a `with:` is checked against: the action's input schema, seen through optional/default/pipe wrappers. */
export function objectShape(schema: z.ZodType): z.ZodObject | undefined {
  const inner = unwrap(schema, undefined);
  return inner instanceof z.ZodObject ? inner : undefined;
}

/**
 * The schema that validates the value at `path`, following objects, arrays, records and — using the
 * value itself to pick — union options.
 */
function schemaAt(schema: z.ZodType, path: ValuePath, root: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema, root);
  let value = root;
  for (const key of path) {
    if (!current) return undefined;
    value = (isRecord(value) || Array.isArray(value)) && Object.hasOwn(value, key) ? (value as Record<string | number, unknown>)[key] : undefined;
    let next: z.ZodType | undefined;
    if (current instanceof z.ZodObject) next = Object.hasOwn(current.shape, key) ? (current.shape as Record<string, z.ZodType>)[String(key)] : undefined;
    else if (current instanceof z.ZodArray) next = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) next = current.valueType as z.ZodType;
    current = next ? unwrap(next, value) : undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) current = current.def.innerType as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.def.in as z.ZodType;
    else if (current instanceof z.ZodUnion) {
      const picked = pickOption(current.options as readonly z.ZodType[], value);
      if (!picked) break;
      current = picked;
    } else break;
  }
  return current;
}

function pickOption(options: readonly z.ZodType[], value: unknown): z.ZodType | undefined {
  for (const option of options) {
    const inner = unwrap(option, value);
    if (Array.isArray(value) ? inner instanceof z.ZodArray : isRecord(value) && (inner instanceof z.ZodObject || inner instanceof z.ZodRecord)) {
      return option;
    }
  }
  return undefined;
}
