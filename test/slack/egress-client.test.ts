import { describe, expect, it } from 'vitest';
import { StepError } from '../../src/engine/errors.js';
import { SlackClient } from '../../src/integrations/slack/slack-client.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { capturedLogger, egressConfig, errorAnswer, postMessageAnswer, settle, slackApi, strictNock, TOKEN, until, updateAnswer, usergroupAnswer } from './egress-helpers.js';

strictNock();

function client(options: { clock?: FakeClock; config?: Parameters<typeof egressConfig>[0] } = {}) {
  const { logger, lines } = capturedLogger();
  const clock = options.clock ?? new FakeClock(true);
  return { slack: new SlackClient({ config: egressConfig(options.config), logger, clock }), lines, clock };
}

describe('SlackClient', () => {
  it('posts a thread reply with chat.postMessage as the form body WebClient sends', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    slackApi()
      .post('/api/chat.postMessage', { channel: 'C0123ABCD', text: 'hi', blocks: JSON.stringify(blocks), thread_ts: '1700000000.000100' })
      .reply(200, postMessageAnswer('C0123ABCD', '1700000001.000200', 'hi'));
    const { slack } = client();
    await expect(slack.post({ channel: 'C0123ABCD', text: 'hi', blocks, threadTs: '1700000000.000100' })).resolves.toEqual({
      channel: 'C0123ABCD',
      ts: '1700000001.000200',
    });
  });

  it('updates a message with chat.update', async () => {
    slackApi().post('/api/chat.update', { channel: 'C0123ABCD', ts: '1700000001.000200', text: 'done' }).reply(200, updateAnswer('C0123ABCD', '1700000001.000200', 'done'));
    const { slack } = client();
    await expect(slack.update({ channel: 'C0123ABCD', ts: '1700000001.000200', text: 'done' })).resolves.toEqual({ channel: 'C0123ABCD', ts: '1700000001.000200' });
  });

  it('paces two posts to one channel a second apart, and does not delay another channel', async () => {
    const clock = new FakeClock();
    const sent: [string, number][] = [];
    const answer = (channel: string, ts: string) => () => (sent.push([channel, clock.now()]), [200, postMessageAnswer(channel, ts)] as const);
    slackApi().post('/api/chat.postMessage', { channel: 'C1', text: 'one' }).reply(answer('C1', '1.1'));
    slackApi().post('/api/chat.postMessage', { channel: 'C1', text: 'two' }).reply(answer('C1', '1.2'));
    slackApi().post('/api/chat.postMessage', { channel: 'C2', text: 'other' }).reply(answer('C2', '2.1'));
    const { slack } = client({ clock });
    const start = clock.now();
    const one = slack.post({ channel: 'C1', text: 'one' });
    const two = slack.post({ channel: 'C1', text: 'two' });
    const other = slack.post({ channel: 'C2', text: 'other' });
    await Promise.all([one, other]);
    await until(() => clock.pendingTimers() === 1);
    expect(sent).toEqual([
      ['C1', start],
      ['C2', start],
    ]);
    clock.advance(999);
    await settle();
    expect(sent).toHaveLength(2);
    clock.advance(1);
    await expect(two).resolves.toEqual({ channel: 'C1', ts: '1.2' });
    expect(sent[2]).toEqual(['C1', start + 1000]);
  });

  it('waits out a 429 Retry-After on the clock, retries, and holds the channel for that long', async () => {
    const clock = new FakeClock();
    const sent: number[] = [];
    slackApi().post('/api/chat.postMessage', { channel: 'C1', text: 'one' }).reply(() => (sent.push(clock.now()), [429, '', { 'Retry-After': '30' }]));
    slackApi().post('/api/chat.postMessage', { channel: 'C1', text: 'one' }).reply(() => (sent.push(clock.now()), [200, postMessageAnswer('C1', '1.1')]));
    slackApi().post('/api/chat.postMessage', { channel: 'C1', text: 'two' }).reply(() => (sent.push(clock.now()), [200, postMessageAnswer('C1', '1.2')]));
    const { slack } = client({ clock, config: { minPostIntervalMs: 0 } });
    const start = clock.now();
    const one = slack.post({ channel: 'C1', text: 'one' });
    const two = slack.post({ channel: 'C1', text: 'two' });
    await until(() => clock.pendingTimers() === 1);
    expect(sent).toEqual([start]);
    clock.advance(29_999);
    await settle();
    expect(sent).toEqual([start]);
    clock.advance(1);
    await expect(one).resolves.toEqual({ channel: 'C1', ts: '1.1' });
    await expect(two).resolves.toEqual({ channel: 'C1', ts: '1.2' });
    expect(sent).toEqual([start, start + 30_000, start + 30_000]);
  });

  it('gives up after four rate-limited attempts with a retryable error', async () => {
    slackApi().post('/api/chat.postMessage').times(4).reply(429, '', { 'Retry-After': '1' });
    const { slack, clock } = client();
    const error = await slack.post({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ retryable: true, code: 'slack_rate_limited', message: 'Slack kept rate-limiting chat.postMessage in C1 (4 attempts, Retry-After 1s)' });
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
  });

  it.each([
    ['channel_not_found', 'invite the bot if the channel is private'],
    ['not_in_channel', 'the bot is not a member of C0123ABCD; invite it there (`/invite @agentic-sdlc`)'],
    ['invalid_auth', 'check SLACK_BOT_TOKEN'],
    ['is_archived', 'C0123ABCD is archived'],
  ])('names the fix for Slack error %s, without the token in the error or the logs', async (code, fix) => {
    slackApi().post('/api/chat.postMessage').reply(200, errorAnswer(code));
    const { slack, lines } = client();
    const error = (await slack.post({ channel: 'C0123ABCD', text: 'x' }).catch((e: unknown) => e)) as StepError;
    expect(error.message).toContain(`Slack refused chat.postMessage in C0123ABCD: ${code}: `);
    expect(error.message).toContain(fix);
    expect(error).toMatchObject({ retryable: false, code: `slack_${code}` });
    expect(JSON.stringify({ message: error.message, stack: error.stack, cause: String(error.cause) })).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('names the missing scope Slack reports', async () => {
    slackApi().post('/api/chat.postMessage').reply(200, errorAnswer('missing_scope', { needed: 'chat:write', provided: 'commands' }));
    const { slack } = client();
    await expect(slack.post({ channel: 'C1', text: 'x' })).rejects.toThrow('the bot token lacks the scope chat:write; add it under OAuth & Permissions and reinstall the app');
  });

  it('treats a 5xx answer as retryable and says which call failed', async () => {
    slackApi().post('/api/chat.update').reply(503, 'upstream unavailable');
    const { slack } = client();
    await expect(slack.update({ channel: 'C1', ts: '1.1', text: 'x' })).rejects.toMatchObject({ message: 'Slack answered HTTP 503 to chat.update in C1', retryable: true });
  });

  it('caches user-group members briefly', async () => {
    slackApi().post('/api/usergroups.users.list', { usergroup: 'S0614TZR7' }).reply(200, usergroupAnswer());
    const { slack } = client();
    await expect(slack.usergroupMembers('S0614TZR7')).resolves.toEqual(['U060R4BJ4', 'W123A4BC5']);
    await expect(slack.usergroupMembers('S0614TZR7')).resolves.toEqual(['U060R4BJ4', 'W123A4BC5']);
  });

  it('refuses to call Slack without a bot token, naming what to set', async () => {
    const { slack } = client({ config: { botToken: undefined } });
    await expect(slack.post({ channel: 'C1', text: 'x' })).rejects.toThrow('Slack is not configured, so chat.postMessage cannot be sent: set SLACK_BOT_TOKEN');
  });
});
