import type { TriggerCommand } from '../engine/trigger-event.js';

/**
 * The `/sdlc` command grammar every chat surface shares: words split on spaces, "quoted words" and 'quoted
 * words' kept together, the first word the command name (lower-cased), the rest its arguments.
 */

/**
 * Splits on whitespace, as a shell does with quotes: a "quoted part" or 'quoted part' keeps its spaces and
 * loses its quotes, also inside a word (`focus="security only"` → `focus=security only`). A quote without a
 * closing one is an ordinary character. Linear time: each quoted part is scanned once, and a failed search
 * for a closing quote can only happen at the last quote of its kind.
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; ) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
      continue;
    }
    const close = char === '"' || char === "'" ? text.indexOf(char, i + 1) : -1;
    if (close === -1) {
      word = (word ?? '') + char;
      i++;
    } else {
      word = (word ?? '') + text.slice(i + 1, close);
      i = close + 1;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The text after the prefix (a slash command's text, a mention's text) as a command; empty text is `help`. */
export function parseCommandText(text: string): TriggerCommand {
  const [name, ...args] = tokenize(text);
  return { name: (name ?? 'help').toLowerCase(), args };
}

/**
 * Finds a `<prefix> <command> [args]` line in a comment. Only a line that starts with the prefix counts, so
 * quoting someone's command in a reply (`> /sdlc review`) or mentioning it mid-sentence triggers nothing.
 */
export function parseCommentCommand(body: string | null | undefined, prefix = '/sdlc'): TriggerCommand | undefined {
  if (!body) return undefined;
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line !== prefix && !line.startsWith(`${prefix} `)) continue;
    return parseCommandText(line.slice(prefix.length));
  }
  return undefined;
}
