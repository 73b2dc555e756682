import { SEVERITIES, type Finding } from '../../analysis/finding.js';
import type { FailOn } from './action-env.js';

export interface GateVerdict {
  failed: boolean;
  /** One clause for the log and the job summary: what the gate saw and did. */
  text: string;
}

/**
 * `agentic-sdlc review --fail-on`'s rule: the step fails when a finding has the `fail-on` severity or a worse
 * one (`warning` counts errors too); `never` reports without failing.
 */
export function gate(findings: readonly Finding[], failOn: FailOn): GateVerdict {
  if (failOn === 'never') return { failed: false, text: 'fail-on: never, so the step passes whatever was found' };
  const threshold = SEVERITIES.indexOf(failOn);
  const reached = findings.filter((finding) => SEVERITIES.indexOf(finding.severity) <= threshold).length;
  if (reached === 0) return { failed: false, text: `no finding at ${failOn} or worse (fail-on: ${failOn})` };
  const counted = reached === 1 ? '1 finding fails' : `${reached} findings fail`;
  return { failed: true, text: `${counted} the step: ${failOn} or worse (fail-on: ${failOn})` };
}
