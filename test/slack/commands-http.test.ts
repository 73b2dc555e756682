import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API, strictNock } from '../github/helpers.js';
import { BOT_TOKEN, postCommand, postSigned, SLACK_API, startSlackRig, vectors, type SlackRig } from './helpers.js';

// A workflow that answers `echo` in Slack and needs nothing outside the process.
const ECHO_WORKFLOW = `
name: slack-echo
on:
  slack:
    commands: [echo]
steps:
  - id: match
    name: Match the repository
    uses: labels.match
    with:
      title: \${{ event.repo }}
      rules:
        - label: acme
          keywords: [acme]
outputs:
  labels: \${{ steps.match.outputs.labels }}
`;

/** Who the documented slash-command body says typed it, and where. */
const USER = 'U2147483697';
const CHANNEL = 'C2147483705';

let rig: SlackRig;
beforeAll(async () => {
  strictNock();
  rig = await startSlackRig({
    workflows: { 'slack-echo.yml': ECHO_WORKFLOW },
    slack: { access: { commands: { cancel: { users: ['U0ALICE'] }, status: { channels: ['C0OPS'] } } } },
  });
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(async () => {
  await rig.close();
});

function slack() {
  return nock(SLACK_API, { reqheaders: { authorization: `Bearer ${BOT_TOKEN}` } });
}

/** The documented slash command typed in the documented channel, answered, and its dispatch run finished. */
async function command(text: string, trigger: string) {
  const response = await postCommand(rig.url, text, { trigger_id: trigger });
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('');
  await rig.settle();
  const runs = await rig.runs();
  return { dispatch: runs.find((run) => run.idempotencyKey === `slack:${trigger}`), runs };
}

function installed(repo: string, id = 7) {
  return nock(API).get(`/repos/${repo}/installation`).reply(200, { id });
}

describe('/sdlc over HTTP, with the Slack Web API faked', () => {
  it('help is answered privately with the Slack command list', async () => {
    // The list of workflows for `run` ends the text; it grows with the built-in workflows, so only ours is checked there.
    const commands = [
      '*agentic-sdlc commands*',
      '',
      '• `/sdlc help`: this list',
      '• `/sdlc run <workflow> [key=value ...]`: run a workflow with inputs',
      "• `/sdlc status <run-id>`: a run's status",
      '• `/sdlc cancel <run-id>`: cancel a run',
      '• `/sdlc describe <owner/repo#N or GitHub URL>`: runs `pr-describe`',
      '• `/sdlc echo <owner/repo#N or GitHub URL>`: runs `slack-echo`',
      '• `/sdlc review <owner/repo#N or GitHub URL>`: runs `pr-review`',
      '• `/sdlc triage <owner/repo#N or GitHub URL>`: runs `issue-triage`',
      '',
      'Workflows for `run`: ',
    ].join('\n');
    slack()
      .post('/api/chat.postEphemeral', (body: Record<string, string>) => {
        const { channel, user, text, ...rest } = body;
        return channel === CHANNEL && user === USER && Object.keys(rest).length === 0 && text!.startsWith(commands) && /`pr-review`, .*`slack-echo`$/.test(text!);
      })
      .reply(200, { ok: true, message_ts: '1700000000.000100' });
    const { dispatch } = await command('help', 'e2e-help');
    expect(dispatch?.error).toBeUndefined();
    expect(dispatch).toMatchObject({ status: 'success', outputs: { outcome: 'replied', reason: 'help' } });
  });

  it('an unknown command gets the usage privately, with a suggestion', async () => {
    installed('acme/api');
    slack()
      .post('/api/chat.postEphemeral', { channel: CHANNEL, user: USER, text: 'No workflow here answers `/sdlc reveiw`. Did you mean `/sdlc review`? Try `/sdlc help`.' })
      .reply(200, { ok: true, message_ts: '1700000000.000200' });
    const { dispatch } = await command('reveiw acme/api#42', 'e2e-typo');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'replied', reason: 'unknown command' });
  });

  it('a workflow command without a pull request asks for one, privately', async () => {
    slack()
      .post('/api/chat.postEphemeral', { channel: CHANNEL, user: USER, text: '`/sdlc review` needs a pull request or issue: `/sdlc review owner/repo#123` or its GitHub URL.' })
      .reply(200, { ok: true, message_ts: '1700000000.000300' });
    const { dispatch, runs } = await command('review', 'e2e-no-repo');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'replied', reason: 'no repository' });
    expect(runs.filter((run) => run.workflowName === 'pr-review')).toEqual([]);
  });

  it('a repository the GitHub App is not installed on is refused, and nothing starts', async () => {
    nock(API).get('/repos/acme/secret/installation').reply(404, { message: 'Not Found' });
    slack()
      .post('/api/chat.postMessage', {
        channel: CHANNEL,
        text: 'The agentic-sdlc GitHub App is not installed on `acme/secret` (or the repository does not exist), so it cannot be reached from Slack. Install the App on the repository, then try again.',
      })
      .reply(200, { ok: true, channel: CHANNEL, ts: '1700000000.000400' });
    const { dispatch, runs } = await command('echo acme/secret#1', 'e2e-not-installed');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'refused', reason: 'app not installed' });
    expect(runs.filter((run) => run.workflowName === 'slack-echo' && run.idempotencyKey?.startsWith('slack:e2e-not-installed'))).toEqual([]);
  });

  it('a user not on the command’s list is refused in the channel', async () => {
    slack()
      .post('/api/chat.postMessage', {
        channel: CHANNEL,
        text: `<@${USER}>, you are not on the list of people who may use \`/sdlc cancel\`; ask a workspace admin to add you (slack.access in the agentic-sdlc configuration).`,
      })
      .reply(200, { ok: true, channel: CHANNEL, ts: '1700000000.000500' });
    const { dispatch } = await command('cancel 01HZZZZZZZZZZZZZZZZZZZZZZZ', 'e2e-not-listed');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'refused', reason: 'user not allowed' });
  });

  it('a channel not on the command’s list is refused', async () => {
    slack()
      .post('/api/chat.postMessage', { channel: CHANNEL, text: '`/sdlc status` may only be used in <#C0OPS>.' })
      .reply(200, { ok: true, channel: CHANNEL, ts: '1700000000.000600' });
    const { dispatch } = await command('status 01HZZZZZZZZZZZZZZZZZZZZZZZ', 'e2e-wrong-channel');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'refused', reason: 'channel not allowed' });
  });

  it('a workflow command starts its workflow for the named pull request, followed in a thread under a parent message', async () => {
    installed('acme/web');
    const posted: { body: Record<string, unknown> }[] = [];
    const updated: Record<string, unknown>[] = [];
    slack()
      .post('/api/chat.postMessage', (body: Record<string, unknown>) => posted.push({ body }) > 0)
      .times(3)
      .reply(200, (_uri, body) => ({ ok: true, channel: CHANNEL, ts: (body as { thread_ts?: string }).thread_ts ? '1700000000.000702' : '1700000000.000701' }));
    slack()
      .post('/api/chat.update', (body: Record<string, unknown>) => updated.push(body) > 0)
      .reply(200, { ok: true, channel: CHANNEL, ts: '1700000000.000701' });
    const { dispatch, runs } = await command('echo acme/web#42', 'e2e-echo');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'submitted' });
    const child = runs.find((run) => run.idempotencyKey === 'slack:e2e-echo:slack-echo');
    expect(child).toMatchObject({ status: 'success', outputs: { labels: ['acme'] } });
    expect(child?.event).toMatchObject({ source: 'slack', event: 'slash_command', repo: 'acme/web', number: 42, sender: { login: USER }, details: { slack: { channelId: CHANNEL, userId: USER } } });
    await waitFor(() => updated.length === 1);
    // Parent in the channel, then every other message in its thread; the parent is updated at the end.
    expect(posted[0]!.body).toMatchObject({ channel: CHANNEL });
    expect(posted[0]!.body.thread_ts).toBeUndefined();
    expect(posted.slice(1).map((call) => call.body.thread_ts)).toEqual(['1700000000.000701', '1700000000.000701']);
    expect(updated[0]).toMatchObject({ channel: CHANNEL, ts: '1700000000.000701' });
  });

  it('an @-mention runs the same command and replies in the mention’s thread', async () => {
    const envelope = structuredClone(vectors.slack_app_mention_event_callback.body) as { event_id: string; event: { text: string; channel: string; user: string; ts: string } };
    envelope.event.text = '<@U0LAN0Z89> help';
    envelope.event_id = 'Ev0E2EMENTION';
    slack()
      .post('/api/chat.postEphemeral', (body: Record<string, string>) => body.channel === envelope.event.channel && body.user === envelope.event.user && body.thread_ts === envelope.event.ts && (body.text ?? '').startsWith('*agentic-sdlc commands*\n\n• `@agentic-sdlc help`: this list'))
      .reply(200, { ok: true, message_ts: '1700000000.000800' });
    expect((await postSigned(rig.url, JSON.stringify(envelope))).status).toBe(200);
    await rig.settle();
    const dispatch = (await rig.runs('slack-dispatch')).find((run) => run.idempotencyKey === 'slack:Ev0E2EMENTION');
    expect(dispatch?.outputs).toMatchObject({ outcome: 'replied', reason: 'help' });
  });
});

/** The follower posts after the run has completed, on its own chain: poll (briefly) for what it sent. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
