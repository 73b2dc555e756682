import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mentionEvent, slashCommandEvent, stripMentions, type MentionEnvelope, type SlashCommandBody } from '../../src/integrations/slack/normalize-event.js';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors/webhook-vectors.json', import.meta.url), 'utf8')) as {
  slack_slash_command_docs: { body: string };
  slack_app_mention_event_callback: { body: MentionEnvelope };
};

/** A documented slash-command body, as Bolt parses it, with our command and text in place of the example's. */
function slashBody(text: string): SlashCommandBody {
  const body = Object.fromEntries(new URLSearchParams(vectors.slack_slash_command_docs.body)) as SlashCommandBody;
  return { ...body, command: '/sdlc', text };
}

describe('Slack events as trigger events', () => {
  it('a slash command naming a pull request carries its repository, number, sender and delivery id', () => {
    expect(slashCommandEvent(slashBody('review acme/api#42'))).toMatchInlineSnapshot(`
      {
        "command": {
          "args": [
            "acme/api#42",
          ],
          "name": "review",
        },
        "deliveryId": "slack:13345224609.738474920.8088930838d88f008e0",
        "details": {
          "slack": {
            "channelId": "C2147483705",
            "responseUrl": "https://hooks.slack.com/commands/1234/5678",
            "teamId": "T0001",
            "text": "review acme/api#42",
            "userId": "U2147483697",
          },
        },
        "event": "slash_command",
        "number": 42,
        "repo": "acme/api",
        "sender": {
          "login": "U2147483697",
          "type": "User",
        },
        "source": "slack",
      }
    `);
  });

  it('a pull request URL as Slack wraps it names the repository and number', () => {
    const event = slashCommandEvent(slashBody('describe <https://github.com/acme/api/pull/7|acme/api#7>'));
    expect(event).toMatchObject({ repo: 'acme/api', number: 7, command: { name: 'describe' } });
  });

  it('an empty slash command is help, and names no repository', () => {
    const event = slashCommandEvent(slashBody(''));
    expect(event.command).toEqual({ name: 'help', args: [] });
    expect(event.repo).toBeUndefined();
  });

  it('a mention drops the app mention, answers in its thread and is keyed by event_id', () => {
    const envelope = structuredClone(vectors.slack_app_mention_event_callback.body);
    envelope.event.text = '<@U0LAN0Z89> review acme/api#42';
    const event = mentionEvent(envelope);
    expect(event).toMatchObject({
      source: 'slack',
      event: 'app_mention',
      deliveryId: 'slack:Ev08MFMKH6',
      command: { name: 'review', args: ['acme/api#42'] },
      repo: 'acme/api',
      number: 42,
      details: { slack: { channelId: 'C123ABC456', userId: 'U061F7AUR', threadTs: '1515449522.000016', text: 'review acme/api#42' } },
    });
  });

  it('the documented mention (a question, no command) becomes its first word as a command', () => {
    expect(mentionEvent(vectors.slack_app_mention_event_callback.body).command).toEqual({ name: 'is', args: ['it', 'everything', 'a', 'river', 'should', 'be?'] });
  });

  it('a mention inside a thread answers in that thread', () => {
    const envelope = structuredClone(vectors.slack_app_mention_event_callback.body);
    Object.assign(envelope.event, { thread_ts: '1515449000.000001' });
    expect(mentionEvent(envelope).details?.slack?.threadTs).toBe('1515449000.000001');
  });
});

describe('stripMentions', () => {
  it('removes every user mention, labelled or not, and collapses the spaces left', () => {
    expect(stripMentions('<@U0LAN0Z89>  review <@U1|bob> acme/api#42')).toBe('review acme/api#42');
  });

  it('keeps an unclosed mention as typed', () => {
    expect(stripMentions('help <@U1')).toBe('help <@U1');
  });

  it('takes linear time on hostile text', () => {
    const hostile = '<@'.repeat(50_000) + 'x';
    const started = performance.now();
    stripMentions(hostile);
    stripMentions('<@U1>'.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
