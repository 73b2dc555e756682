/** What running a chat command did: the runs it started (or found already started) and why it stopped. */

export interface SubmittedRun {
  workflow: string;
  runId: string;
  /** False when the idempotency key named a run that already existed (a redelivery). */
  created: boolean;
}

export interface ChatOutcome {
  outcome: 'submitted' | 'replied' | 'refused' | 'cancelled' | 'ignored';
  reason?: string;
  runs: SubmittedRun[];
}
