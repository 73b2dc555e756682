import type { Target } from './clients.js';
import { callGithub } from './github-error.js';
import { findSticky, stickyBody } from './sticky-comment.js';

export type UpsertResult = {
  commentId: number;
  url: string;
  action: 'created' | 'updated' | 'unchanged';
};

/** Finds the sticky comment `key` on the PR or issue and edits it, or creates it; an identical body sends nothing. */
export async function upsertSticky(target: Target, issueNumber: number, key: string, text: string, signal: AbortSignal): Promise<UpsertResult> {
  const body = stickyBody(key, text);
  const where = { owner: target.owner, repo: target.repo, request: { signal } };
  const comments = await callGithub('listing comments', () =>
    target.octokit.paginate(target.octokit.rest.issues.listComments, { ...where, issue_number: issueNumber, per_page: 100 }),
  );
  const existing = findSticky(comments, key) as { id: number; body?: string; html_url?: string } | undefined;
  if (existing?.body === body) return { commentId: existing.id, url: existing.html_url ?? '', action: 'unchanged' };
  if (existing) {
    const { data } = await callGithub('updating the comment', () => target.octokit.rest.issues.updateComment({ ...where, comment_id: existing.id, body }));
    return { commentId: data.id, url: data.html_url, action: 'updated' };
  }
  const { data } = await callGithub('creating the comment', () => target.octokit.rest.issues.createComment({ ...where, issue_number: issueNumber, body }));
  return { commentId: data.id, url: data.html_url, action: 'created' };
}
