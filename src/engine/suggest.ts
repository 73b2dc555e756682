/**
 * "Did you mean …?" for names users type: workflow keys, step ids, action names, input names.
 * Compares case-insensitively with the Damerau-Levenshtein distance (optimal string alignment, so a
 * swapped pair of letters costs one edit) and returns the closest candidate within
 * max(2, ⌊length/3⌋) edits, or undefined when nothing is close enough to be a plausible typo.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const word = input.toLowerCase();
  const threshold = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (Math.abs(other.length - word.length) > threshold) continue;
    const distance = editDistance(word, other);
    // Replacing every character of a short word is a different word, not a typo.
    if (distance > threshold || distance >= Math.max(word.length, other.length)) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
