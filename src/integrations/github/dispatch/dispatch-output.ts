import { z } from 'zod';
import type { Workflow } from '../../../engine/workflow.js';
import type { GithubClients } from '../rest/clients.js';
import type { RunControl } from './run-control.js';

/**
 * What the dispatcher (`dispatch.ts`), its command half (`dispatch-command.ts`) and its check-run re-run
 * (`dispatch-check-run.ts`) share: its dependencies and its output. Here so the three import one way.
 */
export interface DispatchDeps {
  clients: GithubClients;
  runs: RunControl;
  /** The loaded workflows, read at dispatch time. */
  workflows: () => readonly Workflow[];
  /** This App's id, to recognize its own check runs in `check_run` deliveries. */
  appId?: number | undefined;
  repoConfigFile: string;
  commandPrefix: string;
}

export const dispatchOutput = z.object({
  outcome: z.enum(['submitted', 'ignored', 'replied', 'refused', 'cancelled']),
  reason: z.string().optional(),
  runs: z.array(z.object({ workflow: z.string(), runId: z.string(), created: z.boolean() })),
  /** Set once the repository configuration was read and valid: later events know an error comment was corrected. */
  repoConfig: z.literal('valid').optional(),
});
export type DispatchOutput = z.infer<typeof dispatchOutput>;
