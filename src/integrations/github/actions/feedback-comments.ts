import { FINGERPRINT_MARKER } from '../../../analysis/fingerprint.js';

/**
 * Reads reviewers' feedback out of a pull request's review comments (as `GET /pulls/{n}/comments` lists
 * them), purely: which of our finding comments got a 👎, and what people replied under them. Bounded, since
 * the threads go into a prompt: the newest threads, the latest replies of each, each reply cut.
 */

export const MAX_THREADS = 20;
// The review prompt shows 4 replies per thread (`CONTEXT_LIMITS.repliesPerThread`): the latest 4 are what it gets.
export const MAX_REPLIES = 4;
export const MAX_REPLY_LENGTH = 500;

/** The fields read of one review comment; the REST list response carries them all. */
export interface ReviewCommentView {
  id: number;
  body?: string | null;
  path?: string;
  line?: number | null;
  in_reply_to_id?: number | null;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
  reactions?: { '-1'?: number } | null;
}

export interface FeedbackThread {
  file: string;
  line?: number;
  /** Our comment, without its marker. */
  finding: string;
  replies: { author: string; body: string }[];
}

export interface ReviewFeedback {
  /** Fingerprints of our comments with at least one 👎, and where (for people reading the store). */
  thumbsDown: { fingerprint: string; detail: string }[];
  threads: FeedbackThread[];
}

/**
 * The fingerprint of a finding comment this App posted, or undefined. Bots only: anyone may paste our marker
 * into a comment of their own, and that must not let them silence a finding.
 */
export function ourFingerprint(comment: Pick<ReviewCommentView, 'body' | 'user'>): string | undefined {
  if (!isBot(comment.user)) return undefined;
  return FINGERPRINT_MARKER.exec(comment.body ?? '')?.[1];
}

export function isBot(user: ReviewCommentView['user']): boolean {
  return user?.type === 'Bot' || (user?.login ?? '').endsWith('[bot]');
}

export function collectFeedback(comments: readonly ReviewCommentView[]): ReviewFeedback {
  const ours = new Map<number, { comment: ReviewCommentView; fingerprint: string }>();
  const thumbsDown: ReviewFeedback['thumbsDown'] = [];
  for (const comment of comments) {
    const fingerprint = ourFingerprint(comment);
    if (fingerprint === undefined) continue;
    ours.set(comment.id, { comment, fingerprint });
    const downs = comment.reactions?.['-1'] ?? 0;
    if (downs > 0) thumbsDown.push({ fingerprint, detail: `${comment.html_url ?? `review comment ${comment.id}`} (👎 ×${downs})` });
  }
  const replies = new Map<number, { author: string; body: string }[]>();
  for (const comment of comments) {
    const parent = comment.in_reply_to_id ?? undefined;
    if (parent === undefined || !ours.has(parent) || isBot(comment.user)) continue;
    const list = replies.get(parent) ?? [];
    list.push({ author: comment.user?.login ?? 'unknown', body: cut(comment.body ?? '', MAX_REPLY_LENGTH) });
    replies.set(parent, list);
  }
  const threads = [...replies]
    .sort(([a], [b]) => a - b)
    .slice(-MAX_THREADS)
    .map(([id, list]): FeedbackThread => {
      const { comment } = ours.get(id)!;
      const thread: FeedbackThread = { file: comment.path ?? '', finding: cut((comment.body ?? '').replace(FINGERPRINT_MARKER, '').trim(), MAX_REPLY_LENGTH), replies: list.slice(-MAX_REPLIES) };
      if (typeof comment.line === 'number') thread.line = comment.line;
      return thread;
    });
  return { thumbsDown, threads };
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 2]!) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}
