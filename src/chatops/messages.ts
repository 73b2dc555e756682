/**
 * What a chat command says when it cannot do what was asked: a missing or unknown workflow, an argument that
 * is not `key=value`, inputs the workflow rejects, an unknown command. Pure; each names the fix.
 */

export function unknownWorkflowText(prefix: string, name: string | undefined, known: readonly string[]): string {
  const list = known.map((workflow) => `\`${workflow}\``).join(', ') || 'none';
  return `${name ? `There is no workflow \`${name}\` here.` : 'Which workflow?'} Usage: \`${prefix} run <workflow> [key=value ...]\`; workflows: ${list}.`;
}

export function badPairText(prefix: string, workflow: string, pair: string): string {
  return `\`${pair}\` is not \`key=value\`. Usage: \`${prefix} run ${workflow} [key=value ...]\`.`;
}

export function badInputsText(workflow: string, problems: readonly string[]): string {
  return `Cannot run \`${workflow}\`:\n\n${problems.map((problem) => `- ${problem}`).join('\n')}`;
}

export function unknownCommandText(prefix: string, command: string, suggestion?: string): string {
  const hint = suggestion ? ` Did you mean \`${prefix} ${suggestion}\`?` : '';
  return `No workflow here answers \`${prefix} ${command}\`.${hint} Try \`${prefix} help\`.`;
}
