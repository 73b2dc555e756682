import type { InputError } from '../engine/inputs.js';
import type { InputSpec, Workflow } from '../engine/workflow.js';

/**
 * What the CLI says about inputs in its own syntax: a missing required input is named with the `--input` that
 * gives it, and a run that did nothing names what it lacked. The engine only says what is wrong; how to fix it
 * from a shell belongs here.
 */

/** The `--input` that gives `name`: text may come from a file (a diff, a question), other types as values. */
export function howToPass(name: string, spec: InputSpec): string {
  switch (spec.type) {
    case 'string':
      return `--input ${name}=<text>, or --input ${name}=@<file> to read it from a file`;
    case 'object':
    case 'array':
      return `--input ${name}='<json>', or --input ${name}=@<file.json>`;
    default:
      return `--input ${name}=<${spec.type}>`;
  }
}

/** The engine's problems, each missing input followed by how to give it. */
export function renderInputError(error: InputError): string {
  const missing = new Map(error.missing.map((input) => [input.problem, input]));
  return error.problems
    .map((problem) => {
      const input = missing.get(problem);
      return input ? `${problem}; pass it with ${howToPass(input.name, input.spec)}` : problem;
    })
    .join('\n');
}

const INPUT_READ = /\binputs\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/**
 * Why a run in which every step was skipped did nothing, or undefined when some step ran. A workflow whose
 * conditions all fail is not a pass: from the CLI it usually means an input or the trigger event is missing,
 * so the message names the inputs those conditions read that were not given, and `--event` when none was.
 */
export function nothingRan(
  workflow: Workflow,
  given: Record<string, unknown>,
  hasEvent: boolean,
  stepStatuses: readonly string[],
): string | undefined {
  if (stepStatuses.length === 0 || stepStatuses.some((status) => status !== 'skipped')) return undefined;
  const read = new Set<string>();
  for (const step of workflow.steps) for (const match of (step.if ?? '').matchAll(INPUT_READ)) read.add(match[1]!);
  // In the order the workflow declares them: the one that matters most usually comes first.
  const absent = Object.entries(workflow.inputs).filter(([name]) => read.has(name) && !Object.hasOwn(given, name));
  const lines = [
    `${workflow.name} did nothing: every step was skipped by its if: condition` + (absent.length ? ', which reads inputs that were not given:' : '.'),
  ];
  for (const [name, spec] of absent) lines.push(`  ${name} (${describe(spec)}): ${howToPass(name, spec)}`);
  const events = Object.keys(workflow.on.github ?? {});
  if (!hasEvent && events.length > 0) {
    lines.push(`  ${absent.length ? 'or run it on' : 'It needs'} the GitHub event it works on: --event <saved ${events.join(' or ')} webhook payload.json>`);
  }
  return lines.join('\n');
}

function describe(spec: InputSpec): string {
  return spec.description ? `${spec.type}: ${spec.description}` : spec.type;
}
