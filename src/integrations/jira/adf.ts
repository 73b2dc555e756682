import { inlineNodes } from './adf-inline.js';
import { isTableStart, tableNode } from './adf-table.js';
import type { AdfDocument, AdfNode } from './adf-types.js';

export type { AdfDocument, AdfNode } from './adf-types.js';

/**
 * The Markdown agentic-sdlc writes for a pull request (headings, lists, fenced code, quotes, rules, tables,
 * links, `<details>`, HTML comments) as an Atlassian Document Format document for Jira Cloud's v3 API. Pure,
 * and linear in the input: each line is looked at a bounded number of times, and nesting (lists in quotes in
 * lists) stops at `MAX_DEPTH`, below which the text is kept as plain paragraphs.
 */
export function markdownToAdf(markdown: string): AdfDocument {
  return { type: 'doc', version: 1, content: blocks(markdown.replace(/\r\n?/g, '\n').split('\n'), 0) };
}

const MAX_DEPTH = 8;
const BULLET = /^( {0,12})([-*+])( +|$)/;
const ORDERED = /^( {0,12})(\d{1,9})([.)])( +|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/;

function blocks(lines: readonly string[], depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const trimmed = line.trim();
    const fence = FENCE.exec(line);
    if (!trimmed) i++;
    else if (trimmed.startsWith('<!--')) {
      // Hidden markers (`<!-- agentic-sdlc:… -->`) say nothing to a Jira reader.
      while (i < lines.length && !lines[i]!.includes('-->')) i++;
      i++;
    } else if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      for (i++; i < lines.length && !isFenceEnd(lines[i]!, marker); i++) body.push(lines[i]!);
      i++;
      const text = body.join('\n');
      out.push({ type: 'codeBlock', ...(fence[2] ? { attrs: { language: fence[2] } } : {}), ...(text ? { content: [{ type: 'text', text }] } : {}) });
    } else if (/^#{1,6}[ \t]/.test(trimmed)) {
      let level = 0;
      while (trimmed[level] === '#') level++;
      out.push({ type: 'heading', attrs: { level }, content: inlineNodes(trimHeading(trimmed.slice(level + 1))) });
      i++;
    } else if (isRule(trimmed)) {
      out.push({ type: 'rule' });
      i++;
    } else if (depth < MAX_DEPTH && trimmed.startsWith('>')) {
      const quoted: string[] = [];
      for (; i < lines.length && lines[i]!.trimStart().startsWith('>'); i++) quoted.push(lines[i]!.trimStart().replace(/^> ?/, ''));
      out.push({ type: 'blockquote', content: quotable(blocks(quoted, depth + 1)) });
    } else if (depth < MAX_DEPTH && (BULLET.test(line) || ORDERED.test(line))) {
      i = list(lines, i, depth, out);
    } else if (isTableStart(lines, i)) {
      i = tableNode(lines, i, out);
    } else if (/^<\/?details[\s>]/i.test(trimmed) || /^<summary>/i.test(trimmed)) {
      // A folded section stays open in Jira: its summary becomes a bold line.
      const open = trimmed.toLowerCase().indexOf('<summary>');
      const close = trimmed.toLowerCase().indexOf('</summary>', open);
      const summary = open >= 0 && close > open ? trimmed.slice(open + '<summary>'.length, close).trim() : '';
      if (summary) out.push({ type: 'paragraph', content: inlineNodes(summary, [{ type: 'strong' }]) });
      i++;
    } else {
      const paragraph: string[] = [];
      for (; i < lines.length && lines[i]!.trim() && (paragraph.length === 0 || !startsBlock(lines, i)); i++) paragraph.push(lines[i]!.trim());
      const content = inlineNodes(paragraph.join('\n'));
      if (content.length) out.push({ type: 'paragraph', content });
    }
  }
  return out;
}

/** One bullet or ordered list from line `start`; items hold the lines indented under them. Returns the next line. */
function list(lines: readonly string[], start: number, depth: number, out: AdfNode[]): number {
  const bullet = BULLET.exec(lines[start]!);
  const first = bullet ?? ORDERED.exec(lines[start]!)!;
  const ordered = !bullet;
  const indent = first[1]!.length;
  const items: AdfNode[] = [];
  let i = start;
  while (i < lines.length) {
    const marker = (ordered ? ORDERED : BULLET).exec(lines[i]!);
    if (!marker || marker[1]!.length !== indent) break;
    const offset = marker[0].length;
    const body = [lines[i]!.slice(offset)];
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      const lineIndent = line.length - line.trimStart().length;
      if (line.trim() && lineIndent > indent) body.push(line.slice(Math.min(lineIndent, offset)));
      else if (!line.trim() && i + 1 < lines.length && indentOf(lines[i + 1]!) > indent && lines[i + 1]!.trim()) body.push('');
      else if (line.trim() && body.at(-1)?.trim() && !startsBlock(lines, i) && !ORDERED.test(line)) body.push(line.trim());
      else break;
    }
    const content = listable(blocks(body, depth + 1));
    items.push({ type: 'listItem', content: content.length ? content : [{ type: 'paragraph' }] });
    // A blank line between items keeps the list going.
    if (!lines[i]?.trim() && i + 1 < lines.length && (ordered ? ORDERED : BULLET).exec(lines[i + 1]!)?.[1]!.length === indent) i++;
  }
  const order = ordered ? Number(first[2]) : 1;
  out.push({ type: ordered ? 'orderedList' : 'bulletList', ...(ordered && order !== 1 ? { attrs: { order } } : {}), content: items });
  return i;
}

/** Whether line `i` starts a block of its own, ending the paragraph above it. */
function startsBlock(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  const trimmed = line.trim();
  return FENCE.test(line) || /^#{1,6}[ \t]/.test(trimmed) || isRule(trimmed) || trimmed.startsWith('>') || trimmed.startsWith('<!--') || /^<\/?(details|summary)[\s>]/i.test(trimmed) || BULLET.test(line) || /^ {0,3}1[.)] /.test(line) || isTableStart(lines, i);
}

/** ADF list items hold paragraphs, lists and code blocks: a heading becomes a paragraph, other blocks their paragraphs. */
function listable(nodes: readonly AdfNode[]): AdfNode[] {
  return nodes.flatMap((node): AdfNode[] => {
    if (['paragraph', 'bulletList', 'orderedList', 'codeBlock'].includes(node.type)) return [node];
    if (node.type === 'heading') return [{ type: 'paragraph', content: node.content ?? [] }];
    if (node.type === 'blockquote') return listable(node.content ?? []);
    return [];
  });
}

/** A quote holds what a list item does (ADF's blockquote content). */
const quotable = listable;

function isFenceEnd(line: string, marker: string): boolean {
  const trimmed = line.trim();
  if (!trimmed.startsWith(marker[0]!.repeat(marker.length))) return false;
  for (const c of trimmed) if (c !== marker[0]) return false;
  return true;
}

function isRule(trimmed: string): boolean {
  const flat = trimmed.replace(/[ \t]/g, '');
  return flat.length >= 3 && (/^-+$/.test(flat) || /^\*+$/.test(flat) || /^_+$/.test(flat));
}

/** `## Title ##` → `Title`. */
function trimHeading(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '#' || text[end - 1] === ' ')) end--;
  return end > 0 && text[end] === ' ' ? text.slice(0, end) : text.trim();
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
