/**
 * The one shape every trigger is normalized into. The engine matches workflows against it (through the
 * trigger kind named by `source`, see `trigger-kind.ts`) and exposes it to expressions as `event`. Its fields
 * are vendor-neutral; what only one kind of trigger carries goes in `details.<kind>`.
 */

export interface TriggerCommand {
  /** `/sdlc review --fast` → name `review`. */
  name: string;
  args: string[];
}

export interface TriggerSender {
  login: string;
  type?: 'User' | 'Bot' | 'Organization';
}

/**
 * Per-kind parts of an event, keyed by trigger-kind name. Empty here: each kind that has one declares it
 * by module augmentation (`declare module '…/engine/trigger-event.js' { interface TriggerDetails { jenkins?: … } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TriggerDetails {}

export interface TriggerEvent {
  /** The trigger kind that produced the event (`github`, `manual`, ...): a name in the `TriggerKindRegistry`. */
  source: string;
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
  /** What only this kind of trigger carries, under the kind's name (`event.details.jenkins.status`). */
  details?: TriggerDetails;
  /** Webhook delivery id or equivalent, used as the run's idempotency key. */
  deliveryId?: string;
  /** The raw vendor payload, for expressions such as `event.payload.pull_request.title`. */
  payload?: unknown;
}
