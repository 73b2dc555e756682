import type { AdfMark, AdfNode } from './adf-types.js';
import { backtickCloser, codeText, entityAt, isAlnum, isSpace, linkAt, tagEnd } from './markdown-scan.js';

/**
 * Markdown inline text → ADF text nodes (marks strong, em, strike, code, link) and hard breaks, in time linear
 * in the text: every forward scan stops where a later one starts, and emphasis delimiters pair up with one
 * stack per kind (ADF marks are per text node, so crossing pairs need no repair). HTML tags are dropped
 * (`<br>` breaks the line, `<https://…>` links), entities are decoded, backslash escapes honoured.
 */
export function inlineNodes(text: string, marks: readonly AdfMark[] = []): AdfNode[] {
  const tokens = lex(text);
  pairDelimiters(tokens);
  return emit(tokens, marks);
}

type DelimKey = '**' | '__' | '*' | '_' | '~~';
type Delim = { kind: 'delim'; key: DelimKey; open: boolean; close: boolean; role?: 'open' | 'close' };
type Token = { kind: 'text'; text: string } | { kind: 'break' } | { kind: 'code'; text: string } | { kind: 'link'; href: string; label: string } | Delim;

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const MARK_OF: Record<DelimKey, 'strong' | 'em' | 'strike'> = { '**': 'strong', __: 'strong', '*': 'em', _: 'em', '~~': 'strike' };

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  const code = backtickCloser(text);
  // Where the last `<!--` search found `-->` (-1: nowhere after it, so later ones need no search either).
  let commentEnd: number | undefined;
  let buffer = '';
  const push = (token: Token) => {
    if (buffer) tokens.push({ kind: 'text', text: buffer });
    buffer = '';
    tokens.push(token);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.includes(text[i + 1]!)) {
      buffer += text[i + 1];
      i += 2;
    } else if (c === '\n') {
      push({ kind: 'break' });
      i++;
    } else if (c === '`') {
      let end = i;
      while (text[end] === '`') end++;
      const closing = code(end - i, end);
      if (closing === undefined) buffer += text.slice(i, end);
      else push({ kind: 'code', text: codeText(text.slice(end, closing)) });
      i = closing === undefined ? end : closing + (end - i);
    } else if (c === '*' || c === '_' || c === '~') {
      let end = i;
      while (text[end] === c) end++;
      const before = i > 0 ? text[i - 1]! : ' ';
      const after = end < text.length ? text[end]! : ' ';
      // `snake_case` is not emphasis: `_` must not touch a letter or digit on the outside.
      const open = !isSpace(after) && (c !== '_' || !isAlnum(before));
      const close = !isSpace(before) && (c !== '_' || !isAlnum(after));
      if (c === '~' && end - i !== 2) buffer += text.slice(i, end);
      else for (const key of splitRun(c, end - i)) push({ kind: 'delim', key, open, close });
      i = end;
    } else if ((c === '[' || (c === '!' && text[i + 1] === '[')) && linkAt(text, c === '[' ? i : i + 1)) {
      const link = linkAt(text, c === '[' ? i : i + 1)!;
      push({ kind: 'link', href: link.href, label: link.label });
      i = link.end;
    } else if (c === '<' && text.startsWith('<!--', i)) {
      if (commentEnd === undefined || (commentEnd !== -1 && commentEnd < i + 4)) commentEnd = text.indexOf('-->', i + 4);
      if (commentEnd === -1) buffer += c;
      i = commentEnd === -1 ? i + 1 : commentEnd + 3;
    } else if (c === '<' && tagEnd(text, i) !== undefined) {
      const end = tagEnd(text, i)!;
      const inside = text.slice(i + 1, end);
      if (/^https?:\/\/[^\s<>]+$/.test(inside)) push({ kind: 'link', href: inside, label: inside });
      else if (/^br\s*\/?$/i.test(inside)) push({ kind: 'break' });
      i = end + 1;
    } else if (c === '&' && entityAt(text, i)) {
      const entity = entityAt(text, i)!;
      buffer += entity.text;
      i = entity.end;
    } else {
      buffer += c;
      i++;
    }
  }
  if (buffer) tokens.push({ kind: 'text', text: buffer });
  return tokens;
}

/** A run of `*` or `_` reads as pairs then a single: `***` is strong and em together. */
function splitRun(c: '*' | '_' | '~', length: number): DelimKey[] {
  if (c === '~') return ['~~'];
  const keys: DelimKey[] = [];
  for (let left = length; left > 0; left -= 2) keys.push((left >= 2 ? c + c : c) as DelimKey);
  return keys;
}

function pairDelimiters(tokens: Token[]): void {
  const stacks = new Map<DelimKey, Delim[]>();
  for (const token of tokens) {
    if (token.kind !== 'delim') continue;
    const stack = stacks.get(token.key) ?? [];
    stacks.set(token.key, stack);
    const opener = token.close ? stack.pop() : undefined;
    if (opener) {
      opener.role = 'open';
      token.role = 'close';
    } else if (token.open) stack.push(token);
  }
}

function emit(tokens: readonly Token[], base: readonly AdfMark[]): AdfNode[] {
  const nodes: AdfNode[] = [];
  const active = { strong: 0, em: 0, strike: 0 };
  const text = (value: string, marks: AdfMark[]) => {
    const last = nodes.at(-1);
    if (last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) last.text += value;
    else nodes.push({ type: 'text', text: value, ...(marks.length ? { marks } : {}) });
  };
  const current = (): AdfMark[] => [
    ...(['strong', 'em', 'strike'] as const).filter((mark) => active[mark] > 0).map((type) => ({ type })),
    ...base,
  ];
  for (const token of tokens) {
    if (token.kind === 'text') text(token.text, current());
    else if (token.kind === 'break') nodes.push({ type: 'hardBreak' });
    // ADF allows `code` beside `link` only.
    else if (token.kind === 'code') {
      if (token.text) text(token.text, [{ type: 'code' }, ...base.filter((mark) => mark.type === 'link')]);
    } else if (token.kind === 'link') {
      const safe = /^(https?:|mailto:)/i.test(token.href);
      const link: AdfMark[] = safe ? [{ type: 'link', attrs: { href: token.href } }] : [];
      const label = inlineNodes(token.label || token.href, [...current().filter((mark) => mark.type !== 'link'), ...link]);
      for (const node of label) {
        if (node.type === 'text') text(node.text!, node.marks ?? []);
        else nodes.push(node);
      }
    } else if (token.role) active[MARK_OF[token.key]] += token.role === 'open' ? 1 : -1;
    else text(token.key, current());
  }
  return nodes;
}
