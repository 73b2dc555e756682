import { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../config/integrations.js';
import { quietSlackLogger } from '../../integrations/slack/egress-slack-logger.js';
import { createLogger } from '../../logger.js';
import { fail, missing, off, ok, reasonOf, withDeadline, type Check } from './check.js';

const NAME = 'Slack';
const APP_TOKEN_FIX = 'generate an app-level token with the connections:write scope (Basic Information → App-Level Tokens) into SLACK_APP_TOKEN';
const BOT_TOKEN_FIX = "copy the Bot User OAuth Token (xoxb-…) from the Slack app's OAuth & Permissions page into SLACK_BOT_TOKEN";

/**
 * SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN set; `auth.test` with the bot token (the API at `slack.apiUrl`)
 * says whose token it is, and it must be a bot's. With SLACK_APP_TOKEN (Socket Mode), `apps.connections.open`
 * proves it can open a connection (it only hands out a URL; nothing connects).
 */
export const slackCheck: Check = async ({ config, network, timeoutMs }) => {
  const { signingSecret, botToken, appToken } = config.slack;
  if (!signingSecret && !botToken && !appToken) return [off(NAME, 'not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (docs/slack.md)')];
  const absent = missing({ SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken });
  if (absent.length) return [fail(NAME, `${absent.join(' and ')} not set`, 'both are on the Slack app\'s pages: Basic Information (signing secret) and OAuth & Permissions (bot token)')];
  if (botToken!.startsWith('xapp-')) return [fail(NAME, 'SLACK_BOT_TOKEN holds an app-level token (xapp-…)', BOT_TOKEN_FIX)];
  if (appToken && !appToken.startsWith('xapp-')) {
    return [fail(NAME, 'SLACK_APP_TOKEN is not an app-level token (xapp-…)', APP_TOKEN_FIX)];
  }
  if (!network) return [ok(NAME, `tokens set${appToken ? ' (Socket Mode)' : ''} (not contacted: --offline)`)];
  try {
    return [await withDeadline(timeoutMs, () => contactSlack(config.slack, timeoutMs))];
  } catch (error) {
    if (error instanceof SlackRefusal) return [fail(NAME, error.message, error.variable === 'SLACK_APP_TOKEN' ? APP_TOKEN_FIX : BOT_TOKEN_FIX)];
    return [fail(NAME, `${config.slack.apiUrl}: ${reasonOf(error)}`, 'check the network path to Slack (proxy, firewall) and SLACK_API_URL')];
  }
};

/** Slack answered, and refused the token (`invalid_auth`, `token_revoked`, …). */
class SlackRefusal extends Error {
  constructor(readonly variable: string, method: string, code: string) {
    super(`Slack refused ${variable} (${method}: ${code})`);
  }
}

async function contactSlack(settings: SlackConfig, timeout: number) {
  const call = async <T>(variable: string, method: string, request: (client: WebClient) => Promise<T>): Promise<T> => {
    const token = variable === 'SLACK_APP_TOKEN' ? settings.appToken! : settings.botToken!;
    const client = new WebClient(token, { slackApiUrl: settings.apiUrl, logger: quietSlackLogger(createLogger('silent')), retryConfig: { retries: 0 }, timeout });
    try {
      return await request(client);
    } catch (error) {
      const failure = error as { code?: string; data?: { error?: string } };
      if (failure.code === 'slack_webapi_platform_error' && failure.data?.error) throw new SlackRefusal(variable, method, failure.data.error);
      throw error;
    }
  };
  const auth = await call('SLACK_BOT_TOKEN', 'auth.test', (client) => client.auth.test());
  if (!auth.bot_id) return fail(NAME, `SLACK_BOT_TOKEN belongs to the user ${auth.user ?? '?'}, not to a bot`, BOT_TOKEN_FIX);
  if (settings.appToken) await call('SLACK_APP_TOKEN', 'apps.connections.open', (client) => client.apps.connections.open());
  const where = `${auth.team ?? auth.team_id ?? '?'}${auth.url ? ` (${auth.url})` : ''}`;
  return ok(NAME, `bot @${auth.user ?? auth.user_id ?? '?'} in ${where}${settings.appToken ? '; Socket Mode token accepted' : ''}`);
}
