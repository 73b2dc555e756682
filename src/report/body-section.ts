/**
 * A generated section inside text a person also edits (a PR body): delimited by hidden markers so a later
 * run replaces its own section and never touches the author's words around it.
 */
export function sectionMarkers(key: string): { start: string; end: string } {
  return { start: `<!-- agentic-sdlc:${key}:start -->`, end: `<!-- agentic-sdlc:${key}:end -->` };
}

/** `existing` with the `key` section replaced, or appended below the author's text when there is none. */
export function upsertSection(existing: string | null | undefined, key: string, section: string): string {
  const { start, end } = sectionMarkers(key);
  const block = `${start}\n${section}\n${end}`;
  const body = existing ?? '';
  const from = body.indexOf(start);
  const to = body.indexOf(end, from + start.length);
  if (from !== -1 && to !== -1) return `${body.slice(0, from)}${block}${body.slice(to + end.length)}`;
  return body.trim() ? `${body.trimEnd()}\n\n${block}` : block;
}
