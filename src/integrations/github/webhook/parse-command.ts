import type { TriggerCommand } from '../../../engine/trigger-event.js';

/**
 * Finds a `/sdlc <command> [args]` line in a comment. Only a line that starts with the prefix counts, so
 * quoting someone's command in a reply (`> /sdlc review`) or mentioning it mid-sentence triggers nothing.
 */
export function parseCommand(body: string | null | undefined, prefix = '/sdlc'): TriggerCommand | undefined {
  if (!body) return undefined;
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line !== prefix && !line.startsWith(`${prefix} `)) continue;
    const words = tokenize(line.slice(prefix.length));
    const [name, ...args] = words;
    return { name: (name ?? 'help').toLowerCase(), args };
  }
  return undefined;
}

/** Splits on spaces, keeping "quoted words" and 'quoted words' together. */
function tokenize(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = re.exec(text); match; match = re.exec(text)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}
