import { didYouMean } from '../engine/suggest.js';
import type { Workflow } from '../engine/workflow.js';

/**
 * The commands a chat surface answers, in the order help lists them: the shared `help` and `run`, the surface's
 * own built-ins, then the commands the workflows answer (sorted). A name appears once: a workflow command a
 * built-in shadows would never run, so it is not offered.
 */
export interface ChatCommand {
  name: string;
  /** What follows the prefix in help: `run <workflow> [key=value ...]`, `review`. */
  usage: string;
  description: string;
  /** The workflows a workflow command runs; empty for built-ins. */
  workflows: string[];
  builtin: boolean;
}

/** The command names a workflow answers on one surface (its `on.<kind>` block), e.g. `(w) => w.on.x?.commands ?? []`. */
export type CommandsOf = (workflow: Workflow) => readonly string[] | undefined;

/** The built-ins `runChatCommand` answers itself, on every surface. */
export const CORE_COMMANDS: readonly ChatCommand[] = [
  { name: 'help', usage: 'help', description: 'this list', workflows: [], builtin: true },
  { name: 'run', usage: 'run <workflow> [key=value ...]', description: 'run a workflow with inputs', workflows: [], builtin: true },
];

export function commandTable(workflows: readonly Workflow[], commandsOf: CommandsOf, builtins: readonly ChatCommand[] = []): ChatCommand[] {
  const table = new Map<string, ChatCommand>();
  for (const command of [...CORE_COMMANDS, ...builtins]) if (!table.has(command.name)) table.set(command.name, command);
  const answering = new Map<string, string[]>();
  for (const workflow of workflows) {
    for (const name of commandsOf(workflow) ?? []) answering.set(name, [...(answering.get(name) ?? []), workflow.name]);
  }
  for (const [name, names] of [...answering].sort(([a], [b]) => a.localeCompare(b))) {
    if (table.has(name)) continue;
    table.set(name, { name, usage: name, description: `runs ${names.join(', ')}`, workflows: names, builtin: false });
  }
  return [...table.values()];
}

/** The command `name` was probably meant to be (a typo within a few edits), or undefined. */
export function suggestCommand(name: string, table: readonly ChatCommand[]): string | undefined {
  return didYouMean(name, table.map((command) => command.name));
}
