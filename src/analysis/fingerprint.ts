import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

/**
 * A finding's identity across pushes and pull requests: rule, file, message and which occurrence of that
 * triple it is, but not the line number, so a finding that only moved is still recognized. Review comments
 * carry it (`<!-- agentic-sdlc:finding:… -->`); feedback (a 👎, a thread resolved without a change) is
 * remembered by it.
 */
export function findingFingerprint(finding: Pick<Finding, 'rule' | 'file' | 'message'>, occurrence = 1): string {
  return createHash('sha256').update(`${finding.rule}\u0000${finding.file}\u0000${finding.message}\u0000${occurrence}`).digest('hex').slice(0, 16);
}

/** The fingerprint of every finding of a list, counting occurrences of the same rule, file and message in order. */
export function fingerprintFindings(findings: readonly Pick<Finding, 'rule' | 'file' | 'message'>[]): string[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const base = `${finding.rule}\u0000${finding.file}\u0000${finding.message}`;
    const occurrence = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, occurrence);
    return findingFingerprint(finding, occurrence);
  });
}

/** The marker a posted comment carries, and how to read it back. */
export const FINGERPRINT_MARKER = /<!-- agentic-sdlc:finding:([0-9a-f]{16}) -->/;
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- agentic-sdlc:finding:${fingerprint} -->`;
}
