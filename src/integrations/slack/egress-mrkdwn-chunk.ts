/** Slack's limit on a section block's text. */
export const SECTION_TEXT_LIMIT = 3000;

const FENCE = '```';

/**
 * Splits mrkdwn into pieces of at most `max` characters, at line breaks when it can. A code block cut in two is
 * closed at the end of one piece and reopened at the start of the next, so each piece renders on its own; a line
 * longer than a piece is cut, never inside an `&amp;`-style escape.
 */
export function chunkMrkdwn(text: string, max = SECTION_TEXT_LIMIT): string[] {
  const room = max - 2 * (FENCE.length + 1);
  const chunks: string[] = [];
  let lines: string[] = [];
  let length = 0;
  /** Lines in the current piece besides a reopened fence: a piece of only fences is not worth sending. */
  let content = 0;
  let inCode = false;
  const flush = () => {
    if (content > 0) chunks.push((inCode ? [...lines, FENCE] : lines).join('\n').trim());
    lines = inCode ? [FENCE] : [];
    length = inCode ? FENCE.length + 1 : 0;
    content = 0;
  };
  for (const line of text.split('\n')) {
    for (const piece of cutLine(line, room)) {
      if (length + piece.length + 1 > room && content > 0) flush();
      lines.push(piece);
      length += piece.length + 1;
      content++;
    }
    if (line === FENCE) inCode = !inCode;
  }
  if (content > 0) chunks.push(lines.join('\n').trim());
  return chunks.filter((chunk) => chunk !== '');
}

function cutLine(line: string, room: number): string[] {
  if (line.length <= room) return [line];
  const pieces: string[] = [];
  let at = 0;
  while (at < line.length) {
    let end = Math.min(line.length, at + room);
    // Escapes are at most six characters (`&quot;`): look only that far back, so the cut stays linear.
    const tail = line.slice(Math.max(at, end - 6), end);
    const amp = tail.lastIndexOf('&');
    if (end < line.length && amp !== -1 && !tail.slice(amp).includes(';')) end -= tail.length - amp;
    if (end === at) end = Math.min(line.length, at + room);
    pieces.push(line.slice(at, end));
    at = end;
  }
  return pieces;
}
