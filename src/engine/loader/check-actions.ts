import { z } from 'zod';
import type { ActionRegistry } from '../action.js';
import { didYouMean } from '../suggest.js';
import { isRecord, type Finding } from './finding.js';
import { containsExpression } from './check-expressions.js';
import { issuesToFindings, objectShape } from './zod-issues.js';

/**
 * With a registry: every `uses` names a registered action, every `with` key is one of its inputs, and
 * `with` values that hold no expression already satisfy the input's schema. Required inputs missing
 * from `with` are not reported: actions fill them from defaults or the event.
 */
export function checkActions(rawSteps: unknown, registry: ActionRegistry): Finding[] {
  if (!Array.isArray(rawSteps)) return [];
  const findings: Finding[] = [];
  const names = registry.names();
  (rawSteps as unknown[]).forEach((step, index) => {
    if (!isRecord(step) || typeof step.uses !== 'string' || step.uses === '') return;
    const action = registry.get(step.uses);
    if (!action) {
      const suggestion = didYouMean(step.uses, names);
      const hint = suggestion ? `; did you mean ${suggestion}?` : names.length <= 12 ? `; registered actions: ${names.join(', ')}` : '';
      findings.push({ path: ['steps', index, 'uses'], message: `unknown action '${step.uses}'${hint}` });
      return;
    }
    if (!isRecord(step.with)) return;
    const shape = objectShape(action.input);
    if (!shape) return;
    const inputs = shape.shape as Record<string, z.ZodType>;
    const catchall = shape.def.catchall;
    const acceptsAnyKey = catchall !== undefined && !(catchall instanceof z.ZodNever);
    const known = Object.keys(inputs);
    for (const [key, value] of Object.entries(step.with)) {
      const path = ['steps', index, 'with', key];
      // Own keys only: `constructor` is not an input just because every object inherits one.
      const input = Object.hasOwn(inputs, key) ? inputs[key] : undefined;
      if (!input) {
        if (acceptsAnyKey) continue;
        const suggestion = didYouMean(key, known);
        const hint = suggestion ? `did you mean ${suggestion}?` : known.length > 0 ? `its inputs are ${known.join(', ')}` : 'it takes no inputs';
        findings.push({ path, anchor: 'key', message: `action '${step.uses}' has no input '${key}'; ${hint}` });
        continue;
      }
      if (containsExpression(value)) continue;
      const result = input.safeParse(value);
      if (!result.success) {
        findings.push(...issuesToFindings(result.error.issues, { root: value, schema: input, basePath: path }));
      }
    }
  });
  return findings;
}
