import type { Finding } from '../../analysis/finding.js';
import { fingerprintFindings } from '../../analysis/fingerprint.js';

/**
 * Removes the findings a repository rejected (a 👎, a thread resolved without a change), recognized by
 * the fingerprint their comments carried. Fingerprints are taken over the whole list before anything is
 * removed, as `github.review` numbers repeated findings, so the second of two identical findings keeps
 * its own identity. The note says how many went, so a quieter review is never a silent one.
 */
export function suppressFindings<T extends Finding>(findings: readonly T[], suppress: readonly string[]): { kept: T[]; notes: string[] } {
  if (!suppress.length) return { kept: [...findings], notes: [] };
  const rejected = new Set(suppress);
  const fingerprints = fingerprintFindings(findings);
  const kept = findings.filter((_, index) => !rejected.has(fingerprints[index]!));
  const removed = findings.length - kept.length;
  const notes = removed ? [`${removed} finding(s) this repository rejected before were suppressed.`] : [];
  return { kept, notes };
}
