import type { DiffFile } from '../../diff/parse-diff.js';
import type { TokenCounter } from '../tokens.js';
import { planUnits, renderBatch, type PackedFile, type ReviewUnit, type SkippedFile } from './pack.js';

export interface FittedDiff {
  /** The diff as the model reads it (file headers, numbered lines). */
  text: string;
  tokens: number;
  /** Reviewable files with no line shown for lack of room. */
  omitted: string[];
  /** Files shown only in part. */
  partial: string[];
  skipped: SkippedFile[];
}

/**
 * The most relevant part of a diff that fits one prompt, for single-call agents (describe, ask): whole files
 * in relevance order, then as many hunks of the next ones as fit; the rest is named so the model knows.
 */
export function fitDiff(files: readonly DiffFile[], maxTokens: number, countTokens: TokenCounter): FittedDiff {
  const plan = planUnits(files, { maxPromptTokens: maxTokens, overheadTokens: 0, countTokens });
  const chosen: ReviewUnit[] = [];
  const omitted: string[] = [];
  const partial: string[] = [];
  let tokens = 0;
  for (const file of plan.files) {
    let shown = 0;
    for (const unit of file.units) {
      const cost = unit.tokens + (shown === 0 ? file.headerTokens : 0);
      if (tokens + cost > maxTokens) continue;
      chosen.push(unit);
      tokens += cost;
      shown++;
    }
    if (shown === 0) omitted.push(file.path);
    else if (shown < file.units.length) partial.push(file.path);
  }
  const byPath = new Map<string, PackedFile>(plan.files.map((file) => [file.path, file]));
  const order = new Map(plan.files.map((file, i) => [file.path, i]));
  chosen.sort((a, b) => order.get(a.path)! - order.get(b.path)! || a.hunk - b.hunk || a.part - b.part);
  return { text: renderBatch(chosen, byPath), tokens, omitted, partial, skipped: plan.skipped };
}
