/**
 * What reviewers taught the bot, per repository: instructions they added (`/sdlc learn <text>`) and the
 * findings they rejected (a 👎, a thread resolved without a code change), remembered by fingerprint so the
 * next review does not say them again. Kept in the state database beside the runs, so every process of a
 * distributed deployment (PostgreSQL) reads the same lessons.
 *
 * A repository key is `owner/name`; adapters compare it lower-cased (GitHub names are case-insensitive).
 */

/** At most this many learned instructions per repository: they all go into every review prompt. */
export const MAX_LEARNED = 50;
/** Characters per learned instruction. */
export const MAX_LEARNED_LENGTH = 500;
/** Suppressed fingerprints kept per repository; past that the oldest are forgotten first. */
export const MAX_SUPPRESSED = 1_000;

export interface LearnedInstruction {
  /** 1-based position in the list: what `/sdlc forget <n>` names. Renumbered when one is removed. */
  number: number;
  text: string;
  /** Who added it (a GitHub login). */
  author: string;
  /** Epoch ms. */
  at: number;
}

export type SuppressionReason = 'thumbs-down' | 'resolved-unchanged';

export interface Suppression {
  /** `findingFingerprint` of the finding: 16 hex characters. */
  fingerprint: string;
  reason: SuppressionReason;
  /** Where the signal came from, for people: the comment's URL, who reacted or resolved. */
  detail: string;
  /** Epoch ms. */
  at: number;
}

/** An instruction that is empty, too long, or one too many: the message says which limit and what to do. */
export class FeedbackLimitError extends Error {
  override readonly name = 'FeedbackLimitError';
}

export interface FeedbackStore {
  /**
   * Appends an instruction (trimmed) and returns its number. Throws FeedbackLimitError when the text is empty
   * or longer than MAX_LEARNED_LENGTH, or the repository already has MAX_LEARNED.
   */
  addInstruction(repo: string, text: string, author: string, at: number): Promise<number>;
  /** The repository's instructions, oldest first, numbered from 1. */
  listInstructions(repo: string): Promise<LearnedInstruction[]>;
  /** Removes instruction `number` (1-based) and returns its text; undefined when there is no such number. */
  removeInstruction(repo: string, number: number): Promise<string | undefined>;
  /** Remembers a rejected finding; false when it was already remembered (the first reason is kept). */
  addSuppression(repo: string, suppression: Suppression): Promise<boolean>;
  hasSuppression(repo: string, fingerprint: string): Promise<boolean>;
  /** Newest first, at most MAX_SUPPRESSED. */
  listSuppressions(repo: string): Promise<Suppression[]>;
}

/** The checks every adapter applies before storing an instruction; returns the text to store. */
export function checkInstruction(text: string, count: number): string {
  const trimmed = text.trim();
  if (!trimmed) throw new FeedbackLimitError('a learned instruction cannot be empty: write the instruction after the command');
  if (trimmed.length > MAX_LEARNED_LENGTH) {
    throw new FeedbackLimitError(`a learned instruction holds at most ${MAX_LEARNED_LENGTH} characters (this one has ${trimmed.length}): shorten it`);
  }
  if (count >= MAX_LEARNED) {
    throw new FeedbackLimitError(`this repository already has ${MAX_LEARNED} learned instructions, the most it may have: forget one first`);
  }
  return trimmed;
}

/** The key adapters store a repository under. */
export function repoKey(repo: string): string {
  return repo.toLowerCase();
}
