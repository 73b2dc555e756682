import type { Target } from './clients.js';
import { callGithub } from './github-error.js';
import { findSticky, stickyBody } from './sticky-comment.js';

export type UpsertResult = {
  commentId: number;
  url: string;
  action: 'created' | 'updated' | 'unchanged';
};

type Found = { id: number; body?: string; html_url?: string };

/** Finds the sticky comment `key` on the PR or issue and edits it, or creates it; an identical body sends nothing. */
export async function upsertSticky(target: Target, issueNumber: number, key: string, text: string, signal: AbortSignal): Promise<UpsertResult> {
  const body = stickyBody(key, text);
  const existing = await find(target, issueNumber, key, signal);
  if (existing) return edit(target, existing, body, signal);
  const { data } = await callGithub('creating the comment', () =>
    target.octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: issueNumber, body, request: { signal } }),
  );
  return { commentId: data.id, url: data.html_url, action: 'created' };
}

/** Edits the sticky comment `key` when there is one; creates nothing. `undefined` when there is none. */
export async function updateStickyIfPresent(target: Target, issueNumber: number, key: string, text: string, signal: AbortSignal): Promise<UpsertResult | undefined> {
  const existing = await find(target, issueNumber, key, signal);
  return existing ? edit(target, existing, stickyBody(key, text), signal) : undefined;
}

async function find(target: Target, issueNumber: number, key: string, signal: AbortSignal): Promise<Found | undefined> {
  const comments = await callGithub('listing comments', () =>
    target.octokit.paginate(target.octokit.rest.issues.listComments, { owner: target.owner, repo: target.repo, issue_number: issueNumber, per_page: 100, request: { signal } }),
  );
  return findSticky(comments, key) as Found | undefined;
}

async function edit(target: Target, existing: Found, body: string, signal: AbortSignal): Promise<UpsertResult> {
  if (existing.body === body) return { commentId: existing.id, url: existing.html_url ?? '', action: 'unchanged' };
  const { data } = await callGithub('updating the comment', () =>
    target.octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body, request: { signal } }),
  );
  return { commentId: data.id, url: data.html_url, action: 'updated' };
}
