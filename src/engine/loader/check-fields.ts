import { describeValue, formatPath, isRecord, type Finding } from './finding.js';
import type { ValuePath } from './positions.js';
import type { TriggerKindRegistry } from '../trigger-kind.js';
import { INPUT_TYPES } from './schema.js';

/**
 * Rules about single fields that a JSON-Schema-shaped zod schema does not express. They read the raw
 * YAML value defensively, so they run (and report) even when the schema found other problems.
 */
export function checkFields(raw: unknown, kinds: TriggerKindRegistry): Finding[] {
  if (!isRecord(raw)) return [];
  const findings: Finding[] = [];
  findings.push(...checkTimeouts(raw, []));
  if (Array.isArray(raw.steps)) raw.steps.forEach((step, index) => isRecord(step) && findings.push(...checkTimeouts(step, ['steps', index])));
  findings.push(...checkInputDefaults(raw.inputs));
  findings.push(...checkTriggers(raw, kinds));
  return findings;
}

/** Each registered kind's own `check` on its block under `on:`, with paths put under `on.<kind>`. */
function checkTriggers(raw: Record<string, unknown>, kinds: TriggerKindRegistry): Finding[] {
  if (!isRecord(raw.on)) return [];
  const findings: Finding[] = [];
  for (const [name, block] of Object.entries(raw.on)) {
    const kind = kinds.get(name);
    if (!kind?.check) continue;
    for (const finding of kind.check(block, { workflow: raw })) findings.push({ ...finding, path: ['on', name, ...finding.path] });
  }
  return findings;
}

function checkTimeouts(owner: Record<string, unknown>, path: ValuePath): Finding[] {
  if (owner.timeout === undefined || owner['timeout-minutes'] === undefined) return [];
  return [
    {
      path: [...path, 'timeout-minutes'],
      anchor: 'key',
      message: `${formatPath(path)} sets both timeout and timeout-minutes; keep one`,
    },
  ];
}

function checkInputDefaults(inputs: unknown): Finding[] {
  if (!isRecord(inputs)) return [];
  const findings: Finding[] = [];
  for (const [name, spec] of Object.entries(inputs)) {
    if (!isRecord(spec)) continue;
    const type = spec.type ?? 'string';
    if (typeof type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(type)) continue;
    if (spec.options !== undefined && type !== 'string') {
      findings.push({ path: ['inputs', name, 'options'], message: `inputs.${name}.options needs type: string` });
    }
    if (spec.default === undefined) continue;
    if (!hasType(spec.default, type)) {
      findings.push({
        path: ['inputs', name, 'default'],
        message: `inputs.${name}.default must be ${article(type)} (the input's type), got ${describeValue(spec.default)}`,
      });
    } else if (Array.isArray(spec.options) && !spec.options.includes(spec.default)) {
      findings.push({
        path: ['inputs', name, 'default'],
        message: `inputs.${name}.default must be one of its options (${spec.options.map(String).join(', ')}), got ${describeValue(spec.default)}`,
      });
    }
  }
  return findings;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    default:
      return isRecord(value);
  }
}

function article(type: string): string {
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return `a ${type}`;
}
