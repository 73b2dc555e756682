import type { Finding } from '../../analysis/finding.js';

const STOP_WORDS = new Set(['the', 'a', 'an', 'is', 'are', 'this', 'that', 'of', 'to', 'in', 'on', 'and', 'or', 'be', 'it', 'for', 'with', 'line']);

/**
 * Offline findings first, then model findings that do not repeat one: same file, overlapping lines, and the
 * same category or mostly the same words. Model findings keep their `suggestedCode`, `exampleCode` and
 * `confidence`. A model finding merged into an earlier one lends it its prose suggestion and its code when
 * the earlier one has none; the code stays committable (`suggestedCode`) only when both cover exactly the
 * same lines, since it replaces exactly the lender's range. The twin keeps its own confidence (an analyzer
 * finding is certain). Also removes the model's own duplicates (parallel calls, overlap).
 */
export function mergeFindings<T extends Finding>(offline: readonly Finding[], model: readonly T[]): (Finding | T)[] {
  const merged: (Finding | T)[] = offline.map((finding) => ({ ...finding }));
  for (const candidate of model) {
    const twin = merged.find((existing) => isDuplicate(existing, candidate));
    if (!twin) {
      merged.push(candidate);
      continue;
    }
    if (!twin.suggestion && candidate.suggestion) twin.suggestion = candidate.suggestion;
    lendCode(twin, candidate);
  }
  return merged;
}

function lendCode(twin: Finding, lender: Finding): void {
  if (twin.suggestedCode !== undefined || twin.exampleCode !== undefined) return;
  const sameRange = twin.line !== undefined && twin.line === lender.line && (twin.endLine ?? twin.line) === (lender.endLine ?? lender.line);
  if (lender.suggestedCode !== undefined && sameRange) twin.suggestedCode = lender.suggestedCode;
  else if (lender.suggestedCode !== undefined || lender.exampleCode !== undefined) twin.exampleCode = lender.suggestedCode ?? lender.exampleCode;
}

export function isDuplicate(a: Finding, b: Finding): boolean {
  if (a.file !== b.file) return false;
  if (a.line === undefined || b.line === undefined) return a.line === b.line && similarity(a.message, b.message) >= 0.6;
  const overlap = a.line <= (b.endLine ?? b.line) && b.line <= (a.endLine ?? a.line);
  if (!overlap) return false;
  return (a.category !== undefined && a.category === b.category) || similarity(a.message, b.message) >= 0.5;
}

/** Jaccard similarity of the messages' significant words. */
export function similarity(a: string, b: string): number {
  const words = (text: string) => new Set(text.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length > 1 && !STOP_WORDS.has(w)));
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const word of x) if (y.has(word)) shared++;
  return shared / (x.size + y.size - shared);
}
