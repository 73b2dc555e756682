import { didYouMean } from './suggest.js';
import type { InputSpec, Workflow } from './workflow.js';

/** A required input that was not given, with the line of `problems` that says so. */
export interface MissingInput {
  name: string;
  spec: InputSpec;
  problem: string;
}

/**
 * Inputs a run cannot start with. `missing` names the required inputs not given, so each caller can say how to
 * give them in its own syntax (`--input diff=@file.diff` on the CLI, `key=value` in a `/sdlc run` comment).
 */
export class InputError extends Error {
  constructor(
    readonly problems: string[],
    readonly missing: MissingInput[] = [],
  ) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

/**
 * Checks run inputs against the workflow's `inputs:` and applies defaults. Strings are coerced to the
 * declared type because the CLI, Slack and comment commands can only send text (`max-findings=10`).
 * A run with no trigger event (started by hand) must also give the inputs of `on.manual.required`.
 */
export function resolveInputs(workflow: Workflow, given: Record<string, unknown>, options: { manual?: boolean } = {}): Record<string, unknown> {
  const manual = workflow.on.manual;
  const requiredHere = new Set(options.manual && typeof manual === 'object' ? manual.required : []);
  const problems: string[] = [];
  const missing: MissingInput[] = [];
  const known = Object.keys(workflow.inputs);
  // Own keys only, on both sides: every object inherits `constructor`, which is neither declared nor given.
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(workflow.inputs, name)) {
      const hint = didYouMean(name, known);
      problems.push(
        `unknown input '${name}' for workflow ${workflow.name}` +
          (hint ? `; did you mean ${hint}?` : known.length ? `; known inputs: ${known.join(', ')}` : '; it takes no inputs'),
      );
    }
  }
  const resolved = new Map<string, unknown>();
  for (const [name, spec] of Object.entries(workflow.inputs)) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined || value === null) {
      if (requiredHere.has(name)) {
        const problem = `input '${name}' is required when ${workflow.name} runs without a trigger event (${spec.type}${spec.description ? `: ${spec.description}` : ''})`;
        problems.push(problem);
        missing.push({ name, spec, problem });
      } else if (spec.default !== undefined) resolved.set(name, spec.default);
      else if (spec.required) {
        const problem = `input '${name}' is required (${spec.type}${spec.description ? `: ${spec.description}` : ''})`;
        problems.push(problem);
        missing.push({ name, spec, problem });
      }
      continue;
    }
    const coerced = coerce(value, spec);
    if (!coerced.ok) problems.push(`input '${name}': expected ${spec.type}, got ${describe(value)}`);
    else if (spec.options && !spec.options.includes(coerced.value as string)) {
      const hint = didYouMean(String(coerced.value), spec.options);
      problems.push(`input '${name}': expected one of ${spec.options.join(', ')}, got ${describe(value)}${hint ? `; did you mean ${hint}?` : ''}`);
    } else resolved.set(name, coerced.value);
  }
  if (problems.length) throw new InputError(problems, missing);
  // fromEntries defines own properties, so no name can reach a prototype.
  return Object.fromEntries(resolved);
}

function coerce(value: unknown, spec: InputSpec): { ok: true; value: unknown } | { ok: false } {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : { ok: false };
    case 'number': {
      if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return { ok: true, value: Number(value) };
      return { ok: false };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false };
    }
    case 'object':
    case 'array': {
      const parsed = typeof value === 'string' ? tryJson(value) : value;
      const isArray = Array.isArray(parsed);
      const fits = spec.type === 'array' ? isArray : parsed !== null && typeof parsed === 'object' && !isArray;
      return fits ? { ok: true, value: parsed } : { ok: false };
    }
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return Array.isArray(value) ? 'an array' : typeof value;
}
