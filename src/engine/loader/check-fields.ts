import { didYouMean } from '../suggest.js';
import { describeValue, formatPath, isRecord, type Finding } from './finding.js';
import type { ValuePath } from './positions.js';
import { INPUT_TYPES, JENKINS_STATUSES } from './schema.js';

/**
 * Rules about single fields that a JSON-Schema-shaped zod schema does not express. They read the raw
 * YAML value defensively, so they run (and report) even when the schema found other problems.
 */
export function checkFields(raw: unknown): Finding[] {
  if (!isRecord(raw)) return [];
  const findings: Finding[] = [];
  findings.push(...checkTimeouts(raw, []));
  if (Array.isArray(raw.steps)) raw.steps.forEach((step, index) => isRecord(step) && findings.push(...checkTimeouts(step, ['steps', index])));
  findings.push(...checkInputDefaults(raw.inputs));
  const on = isRecord(raw.on) ? raw.on : {};
  if (isRecord(on.slack) && on.slack.commands === undefined && on.slack.mentions !== true) {
    findings.push({ path: ['on', 'slack'], message: 'on.slack matches nothing; list commands or set mentions: true' });
  }
  if (isRecord(on.jenkins)) findings.push(...checkJenkinsStatus(on.jenkins.status));
  if (isRecord(on.manual)) findings.push(...checkManualRequired(on.manual.required, raw.inputs));
  return findings;
}

/** `on.manual.required` names declared inputs. */
function checkManualRequired(required: unknown, inputs: unknown): Finding[] {
  const declared = isRecord(inputs) ? Object.keys(inputs) : [];
  const entries: Array<[unknown, ValuePath]> =
    typeof required === 'string' ? [[required, ['on', 'manual', 'required']]] : Array.isArray(required) ? required.map((r, i) => [r, ['on', 'manual', 'required', i]]) : [];
  const findings: Finding[] = [];
  for (const [name, path] of entries) {
    if (typeof name !== 'string' || declared.includes(name)) continue;
    const suggestion = didYouMean(name, declared);
    findings.push({
      path,
      message: `on.manual.required names '${name}', which is not an input; ${suggestion ? `did you mean ${suggestion}?` : declared.length ? `inputs: ${declared.join(', ')}` : 'the workflow declares no inputs'}`,
    });
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

function checkJenkinsStatus(status: unknown): Finding[] {
  const entries: Array<[unknown, ValuePath]> =
    typeof status === 'string' ? [[status, ['on', 'jenkins', 'status']]] : Array.isArray(status) ? status.map((s, i) => [s, ['on', 'jenkins', 'status', i]]) : [];
  const findings: Finding[] = [];
  for (const [value, path] of entries) {
    if (typeof value !== 'string' || (JENKINS_STATUSES as readonly string[]).includes(value.toUpperCase())) continue;
    const suggestion = didYouMean(value, JENKINS_STATUSES);
    findings.push({
      path,
      message: `unknown Jenkins status '${value}'; ${suggestion ? `did you mean ${suggestion}?` : `expected one of ${JENKINS_STATUSES.join(', ')}`}`,
    });
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
