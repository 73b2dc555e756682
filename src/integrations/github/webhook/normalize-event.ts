import type { TriggerEvent, TriggerSender } from '../../../engine/trigger-event.js';
import { parseCommentCommand as parseCommand } from '../../../chatops/grammar.js';

interface Named {
  name?: string;
}

/** The few webhook fields the trigger reads; everything else rides along in `payload`. */
interface GithubPayload {
  action?: string;
  repository?: { full_name?: string };
  sender?: { login?: string; type?: string };
  label?: Named;
  pull_request?: { number?: number; base?: { ref?: string }; labels?: Named[] };
  issue?: { number?: number; labels?: (Named | string)[]; pull_request?: unknown };
  comment?: { body?: string };
  check_run?: { pull_requests?: { number?: number }[] };
  ref?: string;
}

/** Maps a GitHub webhook (name + payload) onto the engine's TriggerEvent. */
export function normalizeGithubEvent(name: string, payload: unknown, deliveryId?: string): TriggerEvent {
  const body = (payload ?? {}) as GithubPayload;
  const event: TriggerEvent = { source: 'github', event: name, payload };
  if (body.action) event.action = body.action;
  if (body.repository?.full_name) event.repo = body.repository.full_name;
  if (deliveryId) event.deliveryId = deliveryId;
  const sender = toSender(body.sender);
  if (sender) event.sender = sender;
  if (body.label?.name) event.label = body.label.name;

  const item = body.pull_request ?? body.issue;
  if (item?.number !== undefined) event.number = item.number;
  // A check run lists the pull requests whose head it ran on (none for forks): the first is "its" PR.
  const checkRunPull = body.check_run?.pull_requests?.[0]?.number;
  if (item === undefined && checkRunPull !== undefined) event.number = checkRunPull;
  if (item?.labels) event.labels = item.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean);
  if (body.pull_request?.base?.ref) event.branch = body.pull_request.base.ref;
  if (name === 'push' && body.ref?.startsWith('refs/heads/')) event.branch = body.ref.slice('refs/heads/'.length);
  if (name === 'issue_comment') {
    const command = parseCommand(body.comment?.body);
    if (command) event.command = command;
  }
  return event;
}

/** Guesses the webhook name of a saved payload (for `agentic-sdlc run --event payload.json`). */
export function guessGithubEventName(payload: unknown): string | undefined {
  const body = (payload ?? {}) as GithubPayload;
  if (body.comment && body.issue) return 'issue_comment';
  if (body.pull_request) return 'pull_request';
  if (body.issue) return 'issues';
  if (body.check_run) return 'check_run';
  if (body.ref) return 'push';
  return undefined;
}

function toSender(sender: GithubPayload['sender']): TriggerSender | undefined {
  if (!sender?.login) return undefined;
  const type = sender.type === 'Bot' || sender.type === 'Organization' || sender.type === 'User' ? sender.type : undefined;
  return type ? { login: sender.login, type } : { login: sender.login };
}
