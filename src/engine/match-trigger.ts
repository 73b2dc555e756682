import type { TriggerEvent } from './trigger-event.js';
import type { TriggerKindRegistry } from './trigger-kind.js';
import type { Workflow } from './workflow.js';

/**
 * Whether `event` starts `workflow`: the trigger kind named by `event.source` must be registered, the
 * workflow's `on:` must enable it (`on[event.source]`), and the kind's `matches` decides on that filter.
 * An event of a kind nobody registered matches nothing. (The CLI also runs workflows by name, regardless of `on`.)
 */
export function matchesTrigger(kinds: TriggerKindRegistry, workflow: Workflow, event: TriggerEvent): boolean {
  const kind = kinds.get(event.source);
  if (!kind) return false;
  const on = workflow.on as Record<string, unknown>;
  if (!Object.hasOwn(on, event.source)) return false;
  const filter = on[event.source];
  return filter !== undefined && filter !== false && kind.matches(filter, event);
}

export function matchWorkflows(kinds: TriggerKindRegistry, workflows: readonly Workflow[], event: TriggerEvent): Workflow[] {
  return workflows.filter((workflow) => matchesTrigger(kinds, workflow, event));
}
