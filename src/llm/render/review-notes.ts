import { usd, type UsageTotals } from '../bridge.js';
import type { ReviewOutcome } from '../review/run-review.js';

const MAX_SKIPPED_NAMED = 15;

/** The plain-text lines a review report ends with: who reviewed what, at what cost, and what was not sent. */
export function reviewNotes(model: string, outcome: ReviewOutcome, usage: Omit<UsageTotals, 'models'> & { models: string[] }): string[] {
  const { stats } = outcome;
  const models = usage.models.length ? usage.models.join(', ') : model;
  const cache = stats.cachedUnits ? `, ${stats.cachedUnits} of ${stats.units} hunks unchanged since the last review (cached)` : '';
  const notes = [
    `AI review by ${models}: ${stats.reviewedFiles} of ${stats.reviewableFiles} reviewable files in ${stats.calls} call${stats.calls === 1 ? '' : 's'}${cache}; ` +
      `${usage.inputTokens.toLocaleString('en-US')} prompt + ${usage.outputTokens.toLocaleString('en-US')} completion tokens, ${usd(usage.costUsd)}.`,
  ];
  if (stats.movedToSummary) notes.push(`${stats.movedToSummary} AI finding(s) pointed at lines outside the diff and are listed without a line.`);
  if (stats.dropped) notes.push(`${stats.dropped} AI finding(s) about files not in this diff were dropped.`);
  if (outcome.skipped.length) {
    const named = outcome.skipped.slice(0, MAX_SKIPPED_NAMED).map((s) => `${s.path} (${s.reason})`);
    const more = outcome.skipped.length - named.length;
    notes.push(`Not sent to the model: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`);
  }
  return notes;
}
