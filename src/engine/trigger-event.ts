/**
 * The one shape every trigger (GitHub, Slack, Jenkins, REST, CLI) is normalized into.
 * The engine matches workflows against it and exposes it to expressions as `event`.
 */
export type TriggerSource = 'github' | 'slack' | 'jenkins' | 'api' | 'manual';

export interface TriggerCommand {
  /** `/sdlc review --fast` → name `review`. */
  name: string;
  args: string[];
}

export interface TriggerSender {
  login: string;
  type?: 'User' | 'Bot' | 'Organization';
}

export interface TriggerEvent {
  source: TriggerSource;
  /** Vendor event name: `pull_request`, `issue_comment`, `slash_command`, `build`, ... */
  event: string;
  /** Sub-action: `opened`, `labeled`, `created`, `FINALIZED`, ... */
  action?: string;
  /** `owner/name` for repository-scoped events. */
  repo?: string;
  /** Pull-request or issue number. */
  number?: number;
  /** Target branch of a pull request, or the branch a build ran on. */
  branch?: string;
  /** Labels on the PR or issue, after the event. */
  labels?: string[];
  /** The label this event added or removed (`labeled`/`unlabeled`). */
  label?: string;
  /** Changed file paths, when the trigger knows them. */
  paths?: string[];
  command?: TriggerCommand;
  sender?: TriggerSender;
  /** Jenkins: build status (`SUCCESS`, `FAILURE`, ...) and job name. */
  status?: string;
  job?: string;
  /** Webhook delivery id or equivalent, used as the run's idempotency key. */
  deliveryId?: string;
  /** The raw vendor payload, for expressions such as `event.payload.pull_request.title`. */
  payload?: unknown;
}
