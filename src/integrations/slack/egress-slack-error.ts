import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { StepError } from '../../engine/errors.js';

/**
 * Turns a `@slack/web-api` failure into an error that says which call failed, where, and what to do about it.
 * Messages are built from Slack's error code and our own words only: the SDK's own messages and causes never
 * reach them, so neither can the bot token.
 */
export function slackError(error: unknown, method: string, channel: string | undefined): StepError {
  if (error instanceof StepError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${method}${channel ? ` in ${channel}` : ''}`;
  if (code === ErrorCode.PlatformError) {
    const data = (error as WebAPIPlatformError).data as { error?: unknown; needed?: unknown };
    return platformError(String(data.error), where, channel, typeof data.needed === 'string' ? data.needed : undefined);
  }
  if (code === ErrorCode.HTTPError) {
    const status = (error as { statusCode?: number }).statusCode ?? 0;
    return new StepError(`Slack answered HTTP ${status} to ${where}`, { retryable: status >= 500, code: `slack_http_${status}` });
  }
  if (code === ErrorCode.RequestError) {
    return new StepError(`Slack could not be reached for ${where} (network error; check SLACK_API_URL and the proxy)`, {
      retryable: true,
      code: 'slack_unreachable',
    });
  }
  return new StepError(`${where} failed: ${error instanceof Error ? error.name : 'unknown error'}`, { retryable: false, code: 'slack_error' });
}

const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission']);

function platformError(slackCode: string, where: string, channel: string | undefined, needed: string | undefined): StepError {
  const fail = (fix: string, retryable = false) =>
    new StepError(`Slack refused ${where}: ${slackCode}: ${fix}`, { retryable, code: `slack_${slackCode}` });
  if (TOKEN_ERRORS.has(slackCode)) return fail('check SLACK_BOT_TOKEN (the xoxb- Bot User OAuth Token of the installed app)');
  switch (slackCode) {
    case 'channel_not_found':
      return fail(`no channel ${channel ?? ''} the bot can see; check the channel id (step \`channel:\` or SLACK_CHANNEL), and invite the bot if the channel is private`);
    case 'not_in_channel':
      return fail(`the bot is not a member of ${channel ?? 'the channel'}; invite it there (\`/invite @agentic-sdlc\`)`);
    case 'is_archived':
      return fail(`${channel ?? 'the channel'} is archived; unarchive it or post elsewhere`);
    case 'missing_scope':
      return fail(`the bot token lacks the scope ${needed ?? '(see slack-manifest.yml)'}; add it under OAuth & Permissions and reinstall the app`);
    case 'message_not_found':
    case 'cant_update_message':
    case 'edit_window_closed':
      return fail('the message to update is gone or was not posted by this bot (check `update:`)');
    case 'invalid_blocks':
    case 'invalid_blocks_format':
    case 'msg_too_long':
    case 'no_text':
      return fail('the message itself was refused; check `text` and `blocks` (at most 50 blocks, 3000 characters per section)');
    case 'ratelimited':
    case 'rate_limited':
      return fail('rate limited; try again later', true);
    case 'internal_error':
    case 'fatal_error':
    case 'service_unavailable':
    case 'request_timeout':
      return fail('a Slack-side failure; it may pass on retry', true);
    default:
      return fail('see https://docs.slack.dev/reference/methods for what it means');
  }
}
