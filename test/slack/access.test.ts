import { describe, expect, it } from 'vitest';
import { slackConfigSchema } from '../../src/config/integrations.js';
import { slackAccess, type SlackAccessDeps } from '../../src/integrations/slack/slack-access.js';

const signal = new AbortController().signal;

function access(accessConfig: unknown, overrides: Partial<SlackAccessDeps> = {}) {
  const config = slackConfigSchema.parse({ access: accessConfig });
  const groupsAsked: string[] = [];
  const decide = slackAccess({
    access: config.access,
    command: '/sdlc',
    channelId: 'C0ENG',
    repo: undefined,
    usergroupMembers: (group) => {
      groupsAsked.push(group);
      return Promise.resolve(group === 'S0REVIEWERS' ? ['U0ALICE'] : []);
    },
    installedOn: (repo) => Promise.resolve(repo === 'acme/api'),
    ...overrides,
  });
  return { decide: (user: string, command: string) => decide.decide(user, command, signal), groupsAsked };
}

describe('Slack command access', () => {
  it('without allow lists, everyone in the workspace may run every command', async () => {
    expect(await access({}).decide('U0ANYONE', 'review')).toEqual({ allowed: true });
  });

  it('a user not on the list is refused, with the fix named', async () => {
    const decision = await access({ default: { users: ['U0ALICE'] } }).decide('U0MALLORY', 'review');
    expect(decision).toEqual({
      allowed: false,
      reason: 'user not allowed',
      message: '<@U0MALLORY>, you are not on the list of people who may use `/sdlc review`; ask a workspace admin to add you (slack.access in the agentic-sdlc configuration).',
    });
  });

  it('membership of an allowed user group is enough', async () => {
    const { decide, groupsAsked } = access({ default: { userGroups: ['S0REVIEWERS'] } });
    expect(await decide('U0ALICE', 'review')).toEqual({ allowed: true });
    expect((await decide('U0BOB', 'review')).allowed).toBe(false);
    expect(groupsAsked).toEqual(['S0REVIEWERS', 'S0REVIEWERS']);
  });

  it('a channel not on the list is refused, naming the channels that are', async () => {
    const decision = await access({ default: { channels: ['C0OPS', 'C0DEV'] } }).decide('U0ALICE', 'review');
    expect(decision).toMatchObject({ allowed: false, reason: 'channel not allowed', message: '`/sdlc review` may only be used in <#C0OPS>, <#C0DEV>.' });
  });

  it("a command's own list replaces the default one", async () => {
    const { decide } = access({ default: { users: ['U0ALICE'] }, commands: { cancel: { users: ['U0BOB'] } } });
    expect((await decide('U0ALICE', 'cancel')).allowed).toBe(false);
    expect(await decide('U0BOB', 'cancel')).toEqual({ allowed: true });
    expect(await decide('U0ALICE', 'review')).toEqual({ allowed: true });
  });

  it('a command named like an object property uses the default list', async () => {
    expect((await access({ default: { users: ['U0ALICE'] } }).decide('U0BOB', 'constructor')).allowed).toBe(false);
  });

  it('a repository the GitHub App is not installed on is refused, even to an allowed user', async () => {
    const decision = await access({}, { repo: 'acme/secret' }).decide('U0ALICE', 'review');
    expect(decision).toMatchObject({ allowed: false, reason: 'app not installed' });
    expect(await access({}, { repo: 'acme/api' }).decide('U0ALICE', 'review')).toEqual({ allowed: true });
  });
});
