import type { CommandsOf } from '../../src/chatops/command-table.js';
import type { Workflow } from '../../src/engine/workflow.js';

/** Workflows as the loader returns them, with no steps: the command table only reads names and commands. */
export function workflow(name: string): Workflow {
  return { name, on: {}, inputs: {}, env: {}, steps: [], outputs: {} };
}

/** A surface whose workflows answer the commands this map lists, so the tests name no vendor. */
export function commandsFrom(commands: Record<string, string[]>): CommandsOf {
  return (w) => commands[w.name];
}
