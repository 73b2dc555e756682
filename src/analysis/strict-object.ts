import { z } from 'zod';
import { didYouMean } from '../engine/suggest.js';

/** `z.strictObject` whose error for an unknown key names it, suggests the closest known key and lists them all. */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}

export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  const named = keys.map((key) => {
    const hint = didYouMean(key, known);
    return `"${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
  });
  const expected = known.length > 0 ? `expected ${known.map((key) => `"${key}"`).join(', ')}` : 'it takes no keys';
  return `unknown ${keys.length === 1 ? 'key' : 'keys'} ${named.join(', ')}; ${expected}`;
}
