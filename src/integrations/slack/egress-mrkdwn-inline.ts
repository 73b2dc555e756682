/**
 * One line of Markdown → Slack mrkdwn, in one left-to-right pass (linear: every lookahead is a precomputed
 * "next `]`/`)`/`>`/backtick run" table, never a search from each position). `&<>` are escaped so user text can
 * never become a Slack control sequence (`<!channel>`, `<@U…>`); links become `<url|text>` only for http(s)
 * and mailto URLs.
 */
export function inlineMrkdwn(line: string): string {
  const next = nextIndexTables(line);
  const codeEnd = codeSpanEnds(line);
  let out = '';
  let i = 0;
  let found: { text: string; end: number } | undefined;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '`' && codeEnd.has(i)) {
      const [contentStart, closeStart, end] = codeEnd.get(i)!;
      out += '`' + escapeText(line.slice(contentStart, closeStart).trim().replaceAll('`', "'")) + '`';
      i = end;
    } else if (c === '\\' && i + 1 < line.length && /[\\`*_{}[\]()#+\-.!|~<>]/.test(line[i + 1]!)) {
      out += escapeText(line[i + 1]!);
      i += 2;
    } else if ((c === '[' || (c === '!' && line[i + 1] === '[')) && (found = link(line, c === '!' ? i + 1 : i, next))) {
      out += found.text;
      i = found.end;
    } else if (c === '<' && /^<https?:\/\//.test(line.slice(i, i + 9)) && next.gt[i] !== -1) {
      out += slackLink(line.slice(i + 1, next.gt[i]), '') ?? escapeText(line.slice(i, next.gt[i]! + 1));
      i = next.gt[i]! + 1;
    } else if ((c === '*' || c === '_') && line[i + 1] === c) {
      out += '*';
      i += 2;
    } else if (c === '*') {
      // A single `*` is Markdown italics; Slack's italics are `_`. A lone one between spaces (`2 * 3`) stays.
      const spaced = (line[i - 1] ?? ' ') === ' ' && (line[i + 1] ?? ' ') === ' ';
      out += spaced ? '*' : '_';
      i += 1;
    } else if (c === '~' && line[i + 1] === '~') {
      out += '~';
      i += 2;
    } else if (c === '&') {
      const entity = /^&(amp|lt|gt|quot|#39|#8203);/.exec(line.slice(i, i + 8));
      out += entity ? decodeEntity(entity[1]!) : '&amp;';
      i += entity ? entity[0].length : 1;
    } else {
      out += escapeText(c);
      i += 1;
    }
  }
  return out;
}

export function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `<url|text>` for a safe URL, else undefined (the caller shows the text). */
export function slackLink(url: string, text: string): string | undefined {
  if (!/^(https?:\/\/|mailto:)[^\s<>|]+$/.test(url)) return undefined;
  const label = text.replaceAll('|', '¦');
  return `<${url.replaceAll('&', '&amp;')}${label ? `|${escapeText(label)}` : ''}>`;
}

function link(line: string, open: number, next: NextTables): { text: string; end: number } | undefined {
  const close = next.bracket[open]!;
  if (close === -1 || line[close + 1] !== '(') return undefined;
  const paren = next.paren[close + 1]!;
  if (paren === -1) return undefined;
  const text = line.slice(open + 1, close).replace(/[*_`]/g, '');
  const url = line.slice(close + 2, paren).trim().split(' ')[0] ?? '';
  return { text: slackLink(url, text) ?? escapeText(text), end: paren + 1 };
}

// The Markdown escapes the GitHub renderer writes; `&lt;`/`&gt;`/`&amp;` are already Slack's own escapes.
function decodeEntity(name: string): string {
  return ({ amp: '&amp;', lt: '&lt;', gt: '&gt;', quot: '"', '#39': "'", '#8203': '\u200b' } as Record<string, string>)[name]!;
}

interface NextTables {
  bracket: Int32Array;
  paren: Int32Array;
  gt: Int32Array;
}

/** For every position: the index of the next `]`, `)` and `>` at or after it (-1: none). */
function nextIndexTables(line: string): NextTables {
  const tables = { bracket: new Int32Array(line.length + 1), paren: new Int32Array(line.length + 1), gt: new Int32Array(line.length + 1) };
  let bracket = -1;
  let paren = -1;
  let gt = -1;
  for (let i = line.length; i >= 0; i--) {
    const c = line[i];
    if (c === ']') bracket = i;
    if (c === ')') paren = i;
    if (c === '>') gt = i;
    tables.bracket[i] = bracket;
    tables.paren[i] = paren;
    tables.gt[i] = gt;
  }
  return tables;
}

/** Code spans: a backtick run closes at the next run of the same length. Start → [content start, closing run start, end]. */
function codeSpanEnds(line: string): Map<number, [number, number, number]> {
  const runs: { at: number; length: number }[] = [];
  for (let i = 0; i < line.length; ) {
    if (line[i] !== '`') {
      i++;
      continue;
    }
    let end = i;
    while (line[end] === '`') end++;
    runs.push({ at: i, length: end - i });
    i = end;
  }
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastByLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    nextSame[r] = lastByLength.get(runs[r]!.length) ?? -1;
    lastByLength.set(runs[r]!.length, r);
  }
  const spans = new Map<number, [number, number, number]>();
  for (let r = 0; r < runs.length; ) {
    const close = nextSame[r]!;
    if (close === -1) {
      r++;
      continue;
    }
    const open = runs[r]!;
    const closing = runs[close]!;
    spans.set(open.at, [open.at + open.length, closing.at, closing.at + closing.length]);
    r = close + 1;
  }
  return spans;
}
