/**
 * Forward scans over Markdown inline text for `adf-inline.ts`. Each one is bounded so that the whole
 * conversion stays linear: a scan stops at the character the next scan of its kind would start from.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Finds, for a backtick run of `length` ending at `from`, where the next run of the same length starts. */
export function backtickCloser(text: string): (length: number, from: number) => number | undefined {
  const runs = new Map<number, number[]>();
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    let end = i;
    while (text[end] === '`') end++;
    const starts = runs.get(end - i) ?? [];
    starts.push(i);
    runs.set(end - i, starts);
    i = end;
  }
  const cursor = new Map<number, number>();
  return (length, from) => {
    const starts = runs.get(length) ?? [];
    let at = cursor.get(length) ?? 0;
    while (at < starts.length && starts[at]! < from) at++;
    cursor.set(length, at);
    return starts[at];
  };
}

export function codeText(raw: string): string {
  const flat = raw.replace(/\r?\n/g, ' ');
  return flat.length > 2 && flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() ? flat.slice(1, -1) : flat;
}

/** `[label](href)` at `at`: the label may not hold `[`, the href no space, `(` or `[`. */
export function linkAt(text: string, at: number): { label: string; href: string; end: number } | undefined {
  let close = at + 1;
  while (close < text.length && text[close] !== ']' && text[close] !== '[') close += text[close] === '\\' ? 2 : 1;
  if (text[close] !== ']' || text[close + 1] !== '(') return undefined;
  let end = close + 2;
  while (end < text.length && text[end] !== ')' && text[end] !== '(' && text[end] !== '[' && !isSpace(text[end]!)) end++;
  if (text[end] !== ')' || end === close + 2) return undefined;
  const href = text.slice(close + 2, end).replace(/^<(.*)>$/, '$1');
  return { label: text.slice(at + 1, close), href, end: end + 1 };
}

/** The `>` of an HTML tag (`<sub>`, `</details>`, `<br/>`) or autolink starting at `at`; stops at `<` or a line end. */
export function tagEnd(text: string, at: number): number | undefined {
  if (!/[A-Za-z/]/.test(text[at + 1] ?? '')) return undefined;
  let end = at + 1;
  while (end < text.length && text[end] !== '>' && text[end] !== '<' && text[end] !== '\n') end++;
  return text[end] === '>' ? end : undefined;
}

export function entityAt(text: string, at: number): { text: string; end: number } | undefined {
  const semicolon = text.slice(at, at + 12).indexOf(';') + at;
  if (semicolon < at) return undefined;
  const name = text.slice(at + 1, semicolon);
  const numeric = /^#(\d{1,7}|x[0-9a-f]{1,6})$/i.test(name) ? Number(name[1] === 'x' || name[1] === 'X' ? `0${name.slice(1)}` : name.slice(1)) : undefined;
  const decoded = numeric !== undefined ? (numeric > 0 && numeric <= 0x10ffff && (numeric < 0xd800 || numeric > 0xdfff) ? String.fromCodePoint(numeric) : undefined) : ENTITIES[name];
  return decoded === undefined ? undefined : { text: decoded, end: semicolon + 1 };
}

export const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
export const isAlnum = (c: string) => /[\p{L}\p{N}]/u.test(c);
