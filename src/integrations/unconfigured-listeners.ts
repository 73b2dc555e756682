import type { Workflow } from '../engine/workflow.js';
import type { Integration } from './integration.js';

/**
 * One line per workflow that listens (`on.<kind>`) for an integration that is not configured: it validates,
 * but nothing will start it that way until the integration is set up. Said at startup rather than never.
 */
export function unconfiguredListeners(workflows: readonly Workflow[], integrations: readonly Integration[]): string[] {
  const warnings: string[] = [];
  for (const integration of integrations) {
    if (integration.configured) continue;
    const kinds = new Set(integration.triggerKinds.map((kind) => kind.name));
    for (const workflow of workflows) {
      for (const kind of Object.keys(workflow.on)) {
        if (!kinds.has(kind)) continue;
        const where = workflow.file ?? `workflow ${workflow.name}`;
        warnings.push(`${where}: on.${kind}: ${integration.name} is not configured, so nothing starts ${workflow.name} from ${kind} (${integration.setupHint})`);
      }
    }
  }
  return warnings;
}
