import type { SubmitRequest, SubmitResult } from '../../../engine/engine.js';
import type { RunRecord, RunStatus } from '../../../engine/run-record.js';
import type { Workflow } from '../../../engine/workflow.js';

/** The narrow slice of the engine the dispatcher may use; the composition root implements it. */
export interface RunControl {
  submit(workflow: Workflow, request: SubmitRequest): Promise<SubmitResult>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Recent runs of a PR or issue (`owner/repo`, number), newest first; optionally of one workflow, in some states. */
  runsFor(repo: string, number: number, filter?: { workflow?: string; status?: RunStatus[] }): Promise<RunRecord[]>;
  cancel(runId: string, reason: string): Promise<unknown>;
}

/** A run a dispatch started or found: the chat-command shape, shared with every surface. */
export type { SubmittedRun } from '../../../chatops/outcome.js';
