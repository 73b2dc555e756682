import type { StepLogger } from '../engine/action.js';
import { InputError } from '../engine/inputs.js';
import type { TriggerCommand } from '../engine/trigger-event.js';
import type { Workflow } from '../engine/workflow.js';
import type { CommandAccess } from './access.js';
import { suggestCommand, type ChatCommand } from './command-table.js';
import { helpText, type TextFormat } from './help.js';
import { badInputsText, badPairText, unknownCommandText, unknownWorkflowText } from './messages.js';
import type { ChatOutcome, SubmittedRun } from './outcome.js';
import type { CommandReplies } from './replies.js';

/** A surface's own built-in (`rerun`, `cancel`, `status <run-id>`): its arguments in, what it did out. */
export type BuiltinHandler = (args: string[]) => Promise<ChatOutcome>;

export interface ChatCommandContext {
  command: TriggerCommand;
  /** Who typed it, as the surface names people (a GitHub login, a Slack user id). */
  user: string;
  /** How commands start on this surface (`/sdlc`), for help and usage lines. */
  prefix: string;
  access: CommandAccess;
  replies: CommandReplies;
  table: readonly ChatCommand[];
  /** The enabled workflows: what `run <workflow>` may start, in the order help lists them. */
  workflows: readonly Workflow[];
  /** Starts `workflow` with the user's `key=value` inputs; may throw the engine's `InputError`. */
  submit(workflow: Workflow, explicit: Record<string, unknown>): Promise<SubmittedRun>;
  builtins: Record<string, BuiltinHandler>;
  /** Starts the workflows that answer a workflow command; none for a command nothing answers. */
  submitMatching(command: TriggerCommand): Promise<SubmittedRun[]>;
  /** Called once access is granted, before anything runs (GitHub's 👀 reaction). */
  accepted?: () => Promise<void>;
  format?: TextFormat;
  signal: AbortSignal;
  log: StepLogger;
}

/**
 * Runs one chat command the same way on every surface: access first (a refusal is answered and nothing else
 * happens), then `help`, `run <workflow> [key=value ...]`, the surface's built-ins, and workflow commands.
 * Answers only the asker needs (help, mistakes) go `privately`.
 */
export async function runChatCommand(c: ChatCommandContext): Promise<ChatOutcome> {
  const { name, args } = c.command;
  const decision = await c.access.decide(c.user, name, c.signal);
  if (!decision.allowed) {
    c.log.info('command refused', { command: name, sender: c.user, reason: decision.reason });
    await c.replies.reply(decision.message);
    return { outcome: 'refused', reason: decision.reason, runs: [] };
  }
  await c.accepted?.();
  if (name === 'help') {
    await c.replies.privately(helpText(c.prefix, c.table, c.workflows, c.format));
    return replied('help');
  }
  if (name === 'run') return runNamed(c, args);
  // Own properties only: `constructor` or `__proto__` typed as a command must not reach Object.prototype.
  const builtin = Object.hasOwn(c.builtins, name) ? c.builtins[name] : undefined;
  if (builtin) return builtin(args);
  const runs = await c.submitMatching(c.command);
  if (runs.length > 0) return { outcome: 'submitted', runs };
  await c.replies.privately(unknownCommandText(c.prefix, name, suggestCommand(name, c.table)));
  return replied('unknown command');
}

async function runNamed(c: ChatCommandContext, args: readonly string[]): Promise<ChatOutcome> {
  const [name, ...pairs] = args;
  const workflow = c.workflows.find((candidate) => candidate.name === name);
  if (!name || !workflow) {
    await c.replies.privately(unknownWorkflowText(c.prefix, name, c.workflows.map((w) => w.name)));
    return replied('unknown workflow');
  }
  // Entries, not assignment: a `__proto__=x` pair becomes an input the engine reports, not a prototype.
  const entries: [string, string][] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      await c.replies.privately(badPairText(c.prefix, name, pair));
      return replied('bad argument');
    }
    entries.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  try {
    return { outcome: 'submitted', runs: [await c.submit(workflow, Object.fromEntries(entries))] };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    await c.replies.privately(badInputsText(name, error.problems));
    return replied('bad inputs');
  }
}

function replied(reason: string): ChatOutcome {
  return { outcome: 'replied', reason, runs: [] };
}
