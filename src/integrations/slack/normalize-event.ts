import { parseCommandText, parseRepoRef } from '../../chatops/index.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';

/**
 * Slack's two ways in, as the engine's `TriggerEvent`: a slash command (`/sdlc review acme/api#42`) and an
 * `app_mention` (`@agentic-sdlc review acme/api#42`). Pure. The delivery id is what Slack repeats on a retry
 * (`event_id`) or what is unique per invocation (`trigger_id`): it becomes the run's idempotency key.
 */

/** The fields of a slash-command request body (form-encoded) this reads. */
export interface SlashCommandBody {
  team_id?: string;
  channel_id?: string;
  user_id?: string;
  command?: string;
  text?: string;
  response_url?: string;
  trigger_id?: string;
}

/** The fields of an `event_callback` envelope carrying an `app_mention` this reads. */
export interface MentionEnvelope {
  team_id?: string;
  event_id?: string;
  event: { type: string; user?: string; text?: string; ts?: string; thread_ts?: string; channel?: string };
}

/** Most characters of typed text kept: a command is a line, not a document. */
const MAX_TEXT = 4_000;

export function slashCommandEvent(body: SlashCommandBody): TriggerEvent {
  const text = (body.text ?? '').slice(0, MAX_TEXT);
  return withCommand(text, {
    source: 'slack',
    event: 'slash_command',
    sender: { login: body.user_id ?? 'unknown', type: 'User' },
    deliveryId: `slack:${body.trigger_id ?? 'unknown'}`,
    details: {
      slack: {
        teamId: body.team_id ?? '',
        channelId: body.channel_id ?? '',
        userId: body.user_id ?? '',
        text,
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
      },
    },
  });
}

export function mentionEvent(envelope: MentionEnvelope): TriggerEvent {
  const { event } = envelope;
  const text = stripMentions((event.text ?? '').slice(0, MAX_TEXT));
  const threadTs = event.thread_ts ?? event.ts;
  return withCommand(text, {
    source: 'slack',
    event: 'app_mention',
    sender: { login: event.user ?? 'unknown', type: 'User' },
    deliveryId: `slack:${envelope.event_id ?? event.ts ?? 'unknown'}`,
    details: {
      slack: { teamId: envelope.team_id ?? '', channelId: event.channel ?? '', userId: event.user ?? '', text, ...(threadTs ? { threadTs } : {}) },
    },
  });
}

/**
 * `<@U0LAN0Z89> review acme/api#42` → `review acme/api#42`: every user mention (`<@U…>` or `<@U…|name>`) goes,
 * wherever it is, since the app's own id is not needed to recognize it. A scan, not a regex: linear on any text.
 */
export function stripMentions(text: string): string {
  let out = '';
  let at = 0;
  for (let open = text.indexOf('<@', at); open !== -1; open = text.indexOf('<@', at)) {
    const close = text.indexOf('>', open);
    if (close === -1) break;
    out += text.slice(at, open);
    at = close + 1;
  }
  return (out + text.slice(at)).replace(/\s+/g, ' ').trim();
}

/** The command, and the repository and number of its first argument that names one. */
function withCommand(text: string, event: TriggerEvent): TriggerEvent {
  const command = parseCommandText(text);
  for (const arg of command.args) {
    const ref = parseRepoRef(arg);
    if (!ref) continue;
    return { ...event, command, repo: ref.repo, ...(ref.number !== undefined ? { number: ref.number } : {}) };
  }
  return { ...event, command };
}
