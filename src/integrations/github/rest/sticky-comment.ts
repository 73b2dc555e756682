/**
 * Sticky comments: one comment per workflow per PR or issue, found again by a hidden marker and edited in
 * place. Pure; the `github.comment` action does the API calls.
 */

/** GitHub rejects comment bodies longer than this. */
export const MAX_COMMENT_LENGTH = 65_536;

export interface ExistingComment {
  id: number;
  body?: string | null;
  user?: { type?: string } | null;
}

/** `<!-- agentic-sdlc:sticky:pr-review -->`; the key is reduced to characters that cannot end the HTML comment. */
export function stickyMarker(key: string): string {
  return `<!-- agentic-sdlc:sticky:${key.replace(/[^\w.-]/g, '_')} -->`;
}

/** The body posted: the marker on its own first line, then the text, cut to GitHub's limit. */
export function stickyBody(key: string, body: string): string {
  const marker = stickyMarker(key);
  const room = MAX_COMMENT_LENGTH - marker.length - 1;
  const notice = '\n\n… (truncated)';
  const text = body.length > room ? `${body.slice(0, room - notice.length)}${notice}` : body;
  return `${marker}\n${text}`;
}

/**
 * The comment to edit: the oldest one that carries the marker and was written by a bot (a person who
 * quotes the marker must not make us edit their comment, which would fail anyway).
 */
export function findSticky(comments: readonly ExistingComment[], key: string): ExistingComment | undefined {
  const marker = stickyMarker(key);
  return comments.find((comment) => comment.user?.type === 'Bot' && comment.body?.startsWith(marker) === true);
}
