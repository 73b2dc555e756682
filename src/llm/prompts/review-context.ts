import type { TokenCounter } from '../tokens.js';
import { asData, redactedClip } from './delimit.js';
import { guidelinesBlock, type Guidelines } from './guidelines.js';

/**
 * What a review call is told besides the diff: the PR's title and description (data, from its author), the
 * repository's guidelines (from maintainers), and the replies people wrote under earlier review comments
 * (data, per file). Everything is redacted before it is cut and bounded: whatever the PR holds, a context
 * costs at most about 1,300 tokens per call (o200k, every bound reached), a few hundred usually.
 */
export const CONTEXT_LIMITS = {
  title: 300,
  description: 2_000,
  /** Characters of threads per call, and per finding and reply inside them. */
  threads: 1_500,
  threadFinding: 300,
  reply: 400,
  repliesPerThread: 4,
  /** Tokens reserved in every call's budget for its threads, when there are any. */
  threadTokens: 500,
} as const;

export interface ReviewThread {
  file: string;
  line?: number | null | undefined;
  /** Our earlier comment (its message). */
  finding: string;
  replies: readonly { author: string; body: string }[];
}

export interface ReviewContext extends Guidelines {
  title?: string | undefined;
  description?: string | undefined;
  threads?: readonly ReviewThread[] | undefined;
}

/** The part of the prompt every call of a review shares: guidelines, then the PR's own text. */
export function sharedContextText(context: ReviewContext): string {
  const parts = [guidelinesBlock(context)];
  const title = context.title?.trim() ? redactedClip(context.title.trim(), CONTEXT_LIMITS.title) : '';
  const description = context.description?.trim() ? redactedClip(context.description.trim(), CONTEXT_LIMITS.description) : '';
  if (title || description) {
    parts.push(`The pull request as its author describes it:\n${asData('pr', `Title: ${title}${description ? `\n\n${description}` : ''}`)}`);
  }
  return parts.filter(Boolean).join('\n\n');
}

/** Earlier review threads as the model reads them, as many as fit `CONTEXT_LIMITS.threads` characters. */
export function threadsText(threads: readonly ReviewThread[]): string {
  const kept = keptThreads(threads, () => true);
  return kept.length ? wrapThreads(kept.map((entry) => entry.text)) : '';
}

/** The threads (of the files of one call) whose block stays within `maxTokens` as well. */
export function fitThreads(threads: readonly ReviewThread[], maxTokens: number, count: TokenCounter): ReviewThread[] {
  return keptThreads(threads, (texts) => count(wrapThreads(texts)) <= maxTokens).map((entry) => entry.thread);
}

/** Less room than this holds no thread's first line. */
const MIN_THREAD_CHARS = 40;

function keptThreads(threads: readonly ReviewThread[], fits: (texts: string[]) => boolean): { thread: ReviewThread; text: string }[] {
  const kept: { thread: ReviewThread; text: string }[] = [];
  let chars = 0;
  for (const thread of threads) {
    if (CONTEXT_LIMITS.threads - chars < MIN_THREAD_CHARS) break;
    const lines = threadLines(thread);
    // A thread that does not fit whole loses its last replies first; its finding alone, or nothing.
    for (let replies = lines.length - 1; replies >= 0; replies--) {
      const text = lines.slice(0, replies + 1).join('\n');
      if (chars + text.length > CONTEXT_LIMITS.threads || !fits([...kept.map((entry) => entry.text), text])) continue;
      kept.push({ thread: { ...thread, replies: thread.replies.slice(0, replies) }, text });
      chars += text.length;
      break;
    }
  }
  return kept;
}

/** The threads about one file: what a call holding that file is shown, and part of its hunks' cache identity. */
export function threadsOf(threads: readonly ReviewThread[] | undefined, path: string): ReviewThread[] {
  return (threads ?? []).filter((thread) => thread.file === path);
}

function wrapThreads(rendered: readonly string[]): string {
  return (
    'Replies to earlier review comments on these files. Take them into account: do not report again what a reply shows to be intended or already handled, ' +
    'unless the code shown proves the reply wrong.\n' +
    asData('threads', rendered.join('\n\n'))
  );
}

/** The first line names the file and our finding; one line per reply (at most `repliesPerThread`) follows. */
function threadLines(thread: ReviewThread): string[] {
  const where = thread.line ? `${thread.file} line ${thread.line}` : thread.file;
  const oneLine = (text: string, max: number) => redactedClip(text.trim(), max).replace(/\s+/g, ' ');
  const lines = [`${oneLine(where, 200)} — earlier comment: ${oneLine(thread.finding, CONTEXT_LIMITS.threadFinding)}`];
  for (const reply of thread.replies.slice(0, CONTEXT_LIMITS.repliesPerThread)) {
    lines.push(`  reply by ${oneLine(reply.author, 40)}: ${oneLine(reply.body, CONTEXT_LIMITS.reply)}`);
  }
  return lines;
}
