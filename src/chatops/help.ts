import type { ChatCommand } from './command-table.js';

/** Markdown for GitHub comments, mrkdwn for Slack (`*bold*`, no list syntax). Both read backticks as code. */
export type TextFormat = 'markdown' | 'mrkdwn';

/**
 * The `help` answer: every command of the table with what it does, then the workflows `run` can start. Pure.
 * The markdown form is GitHub's `/sdlc help` comment, word for word.
 */
export function helpText(prefix: string, table: readonly ChatCommand[], workflowsForRun: readonly (string | { name: string })[], format: TextFormat = 'markdown'): string {
  const bold = format === 'markdown' ? (text: string) => `**${text}**` : (text: string) => `*${text}*`;
  const bullet = format === 'markdown' ? '- ' : '• ';
  const lines = [bold('agentic-sdlc commands'), ''];
  for (const command of table) lines.push(`${bullet}${code(`${prefix} ${command.usage}`)}: ${describe(command)}`);
  const names = workflowsForRun.map((workflow) => (typeof workflow === 'string' ? workflow : workflow.name));
  if (names.length > 0) lines.push('', `Workflows for ${code('run')}: ${names.map(code).join(', ')}`);
  return lines.join('\n');
}

function describe(command: ChatCommand): string {
  return command.builtin ? command.description : `runs ${command.workflows.map(code).join(', ')}`;
}

function code(text: string): string {
  return `\`${text}\``;
}
