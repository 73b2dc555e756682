/**
 * Model output is untrusted text that we post under the bot's name. Before it leaves:
 * - no mentions: `@user`, `@org/team`, `@channel`, `@here`, Slack's `<!channel>`/`<@U123>` cannot ping anyone;
 * - no raw HTML outside code (no `<details>`, `<img>` beacons, comments hiding text); images become links;
 * - bounded length, with code fences closed after a cut.
 * Code spans and fenced blocks keep their text (GitHub renders them literally and never pings from them).
 */
export interface SanitizeOptions {
  maxLength?: number;
}

export const DEFAULT_MAX_LENGTH = 4000;
/** Zero-width joiner after `@`: reads the same, links nobody. */
const NO_PING = '@\u200d';
const MENTION = /(^|[^\w`@\u200d])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?)/g;
const SLACK_SPECIAL = /<([!@#])([^>\s]*)>/g;

export function sanitizeModelText(text: string, options: SanitizeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const normalized = normalize(text);
  const out = mapOutsideCode(normalized, (prose) =>
    prose
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(SLACK_SPECIAL, (_m, sigil: string, rest: string) => (sigil === '@' ? `${NO_PING}${rest}` : `${sigil}${rest}`))
      .replace(/!\[([^\]]*)\]\(([^)]*)\)/g, '[$1]($2)')
      .replace(/</g, '&lt;')
      .replace(/>/g, (match, offset: number, whole: string) => (isBlockQuote(whole, offset) ? match : '&gt;'))
      .replace(MENTION, (_m, before: string, name: string) => `${before}${NO_PING}${name}`),
  );
  return truncate(out.trim(), maxLength);
}

/**
 * Model text that becomes a finding's `message` or `suggestion`: plain text, which every renderer escapes for
 * its own format (Markdown, Slack mrkdwn, annotations). So no HTML escaping here — escaping twice would show
 * `&lt;` to readers — only what no renderer should see: control characters, mentions, unbounded length.
 */
export function sanitizePlainText(text: string, options: SanitizeOptions = {}): string {
  const normalized = normalize(text);
  const out = normalized
    .replace(SLACK_SPECIAL, (_m, sigil: string, rest: string) => (sigil === '@' ? `${NO_PING}${rest}` : `${sigil}${rest}`))
    .replace(MENTION, (_m, before: string, name: string) => `${before}${NO_PING}${name}`);
  return truncate(out.trim(), options.maxLength ?? DEFAULT_MAX_LENGTH);
}

/** Text that goes inside a ```suggestion block: bounded, and unable to close the block early. */
export function sanitizeCode(code: string, maxLength = 8000): string {
  const cleaned = code.replace(/\r\n?/g, '\n').replace(/^(\s*)```/gm, '$1\\`\\`\\`');
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength) : cleaned;
}

/** Applies `fn` to the parts of Markdown outside fenced code blocks and inline code spans. */
function mapOutsideCode(text: string, fn: (prose: string) => string): string {
  const parts = text.split(/(^```[\s\S]*?(?:^```[^\n]*$|(?![\s\S])))/m);
  return parts
    .map((part, i) => (i % 2 === 1 ? part : part.split(/(`[^`\n]+`)/).map((piece, j) => (j % 2 === 1 ? piece : fn(piece))).join('')))
    .join('');
}

function isBlockQuote(whole: string, offset: number): boolean {
  const lineStart = whole.lastIndexOf('\n', offset - 1) + 1;
  return /^\s*(?:>\s*)*$/.test(whole.slice(lineStart, offset));
}

/** Unix newlines, no control characters (they can hide text or break renderers). */
function normalize(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const marker = '\n\n… (truncated)';
  let cut = text.slice(0, Math.max(0, maxLength - marker.length - 4));
  if ((cut.match(/^```/gm)?.length ?? 0) % 2 === 1) cut += '\n```';
  return `${cut}${marker}`;
}
