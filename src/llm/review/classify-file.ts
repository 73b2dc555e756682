import type { DiffFile } from '../../diff/parse-diff.js';
import { extension, isGenerated, isLockfile, isSnapshot, isTestPath } from '../../analysis/paths.js';

/** Files no model can review: nothing on the new side to read or comment on. */
export function unreviewableReason(file: DiffFile): string | undefined {
  if (file.binary) return 'binary file';
  if (file.status === 'deleted') return 'deleted file';
  if (file.hunks.length === 0) return file.status === 'renamed' || file.status === 'copied' ? `${file.status} without content changes` : 'no content changes (mode change only)';
  return undefined;
}

/** Files reviewed only when the whole PR fits in one call; the first dropped to fit a budget. */
export function lowValueReason(file: DiffFile): string | undefined {
  if (isLockfile(file.path)) return 'lockfile';
  if (isSnapshot(file.path)) return 'generated test snapshot';
  if (isGenerated(file.path)) return 'generated or vendored';
  if (file.additions === 0) return 'deletions only';
  return undefined;
}

const DOC_EXTENSIONS = new Set(['md', 'mdx', 'markdown', 'rst', 'adoc', 'txt']);
const DATA_EXTENSIONS = new Set(['json', 'yml', 'yaml', 'toml', 'ini', 'xml', 'csv', 'svg', 'snap', 'lock']);
const SENSITIVE = /auth|security|crypt|token|secret|password|permission|session|login|payment|sql|sanitiz|escape|webhook|signature/i;

/**
 * How much a reviewer would want to read this file first: source over tests over configuration over docs,
 * security-sensitive paths first, bigger changes before smaller ones.
 */
export function relevance(file: DiffFile): number {
  const ext = extension(file.path);
  let weight = isTestPath(file.path) ? 0.6 : DOC_EXTENSIONS.has(ext) ? 0.3 : DATA_EXTENSIONS.has(ext) ? 0.5 : 1;
  if (SENSITIVE.test(file.path)) weight *= 1.5;
  return weight * Math.log2(2 + file.additions);
}
