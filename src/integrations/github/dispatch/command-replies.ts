import type { Workflow } from '../../../engine/workflow.js';
import type { AccessDecision } from './command-access.js';

/** Built-in commands, answered by the dispatcher itself. */
export const BUILTIN_COMMANDS = ['help', 'run', 'rerun', 'cancel'] as const;

/** The `/sdlc help` answer: built-ins and the commands this repository's workflows answer. */
export function helpText(prefix: string, workflows: readonly Workflow[]): string {
  const lines = [
    '**agentic-sdlc commands**',
    '',
    `- \`${prefix} help\`: this list`,
    `- \`${prefix} run <workflow> [key=value ...]\`: run a workflow with inputs`,
    `- \`${prefix} rerun\`: run this pull request's or issue's last workflows again`,
    `- \`${prefix} cancel\`: cancel its runs in progress`,
  ];
  const commands = new Map<string, string[]>();
  for (const workflow of workflows) {
    for (const command of workflow.on.github?.issue_comment?.commands ?? []) {
      commands.set(command, [...(commands.get(command) ?? []), workflow.name]);
    }
  }
  for (const [command, names] of [...commands].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`- \`${prefix} ${command}\`: runs ${names.map((name) => `\`${name}\``).join(', ')}`);
  }
  if (workflows.length > 0) lines.push('', `Workflows for \`run\`: ${workflows.map((workflow) => `\`${workflow.name}\``).join(', ')}`);
  return lines.join('\n');
}

/** The short, polite answer to a command that may not run. */
export function refusalText(login: string, command: string, prefix: string, decision: Exclude<AccessDecision, { allowed: true }>, required: string): string {
  switch (decision.reason) {
    case 'commands-disabled':
      return `Sorry @${login}, \`${prefix}\` commands are turned off in this repository.`;
    case 'command-disabled':
      return `Sorry @${login}, \`${prefix} ${command}\` is not enabled in this repository. Try \`${prefix} help\`.`;
    case 'denied-user':
    case 'permission':
      return `Sorry @${login}, only collaborators with ${required} access or more can run \`${prefix}\` commands here.`;
  }
}

export function unknownCommandText(command: string, prefix: string): string {
  return `No workflow here answers \`${prefix} ${command}\`. Try \`${prefix} help\`.`;
}
