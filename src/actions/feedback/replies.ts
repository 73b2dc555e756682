import type { LearnedInstruction } from '../../engine/ports/feedback-store.js';
import { escapeMarkdown } from '../../report/markdown-text.js';

/**
 * What `/sdlc learn|learned|forget` answer, as pure text. Learned text is the user's, shown escaped (no
 * mention pings anyone, no Markdown breaks the list). `prefix` is how commands start (`/sdlc`).
 */

export function learnUsage(prefix: string): string {
  return `Usage: \`${prefix} learn <instruction for future reviews>\`, for example \`${prefix} learn Prefer Result types over exceptions\`.`;
}

export function forgetUsage(prefix: string): string {
  return `Usage: \`${prefix} forget <n>\`, where n is the number \`${prefix} learned\` shows.`;
}

export function learnedReply(number: number, text: string, redactions: number, prefix: string): string {
  const masked = redactions > 0 ? ` (${redactions} secret${redactions === 1 ? '' : 's'} masked before storing)` : '';
  return `Learned #${number}${masked}: ${escapeMarkdown(text)}\n\nThe next reviews of this repository follow it. \`${prefix} learned\` lists what I learned; \`${prefix} forget ${number}\` removes this one.`;
}

export function notLearnedReply(reason: string): string {
  return `Not learned: ${escapeMarkdown(reason)}.`;
}

export function listReply(instructions: readonly LearnedInstruction[], prefix: string): string {
  if (instructions.length === 0) return `Nothing learned for this repository yet: add an instruction with \`${prefix} learn <text>\`.`;
  const lines = instructions.map((line) => `${line.number}. ${escapeMarkdown(line.text)} (@&#8203;${escapeMarkdown(line.author)})`);
  return [`Learned instructions for this repository (${instructions.length}); \`${prefix} forget <n>\` removes one:`, '', ...lines].join('\n');
}

export function forgotReply(number: number, text: string): string {
  return `Forgot #${number}: ${escapeMarkdown(text)}`;
}

export function noSuchReply(number: number, count: number, prefix: string): string {
  return `There is no learned instruction #${number}: this repository has ${count}. \`${prefix} learned\` lists them.`;
}
