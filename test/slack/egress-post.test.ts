import { afterEach, describe, expect, it } from 'vitest';
import { step, workflow } from '../helpers/engine.js';
import { egressRig, errorAnswer, mention, postMessageAnswer, slackApi, slashCommand, strictNock, updateAnswer, type EgressRig } from './egress-helpers.js';

strictNock();

let rig: EgressRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A workflow of one `slack.post` step with `with`. */
const posting = (inputs: Record<string, unknown>) => workflow('notify', [step('post', 'slack.post', { with: inputs })]);

async function postOutputs(r: EgressRig, runId: string) {
  return (await r.store.getSteps(runId)).find((s) => s.stepId === 'post')?.outputs;
}

describe('slack.post', () => {
  it('replies in the thread of the mention that started the run, as mrkdwn', async () => {
    slackApi()
      .post('/api/chat.postMessage', { channel: 'C123ABC456', text: '*Done*: <https://example.com/pr/42|PR 42>', thread_ts: '1515449522.000016' })
      .reply(200, postMessageAnswer('C123ABC456', '1515449600.000100'));
    rig = egressRig({ follow: false });
    const run = await rig.run(posting({ text: '**Done**: [PR 42](https://example.com/pr/42)' }), mention('review acme/api#42'));
    expect(run.status).toBe('success');
    expect(await postOutputs(rig, run.id)).toEqual({ channel: 'C123ABC456', ts: '1515449600.000100' });
  });

  it('posts to the channel itself with thread: false', async () => {
    slackApi().post('/api/chat.postMessage', { channel: 'C123ABC456', text: 'top level' }).reply(200, postMessageAnswer('C123ABC456', '1515449600.000200'));
    rig = egressRig({ follow: false });
    const run = await rig.run(posting({ text: 'top level', thread: false }), mention('review acme/api#42'));
    expect(run.status).toBe('success');
  });

  it('does not thread a post to another channel than the one the run came from', async () => {
    slackApi().post('/api/chat.postMessage', { channel: 'C0OTHER', text: 'elsewhere' }).reply(200, postMessageAnswer('C0OTHER', '1515449600.000300'));
    rig = egressRig({ follow: false });
    expect((await rig.run(posting({ text: 'elsewhere', channel: 'C0OTHER' }), mention('review acme/api#42'))).status).toBe('success');
  });

  it('falls back to SLACK_CHANNEL for a run that did not come from Slack', async () => {
    slackApi().post('/api/chat.postMessage', { channel: 'C0NOTIFY', text: 'build failed' }).reply(200, postMessageAnswer('C0NOTIFY', '1700000000.000100'));
    rig = egressRig({ follow: false, config: { channel: 'C0NOTIFY' } });
    const run = await rig.run(posting({ text: 'build failed' }));
    expect(await postOutputs(rig, run.id)).toEqual({ channel: 'C0NOTIFY', ts: '1700000000.000100' });
  });

  it('fails the step naming `channel:` and SLACK_CHANNEL when there is no channel to post to', async () => {
    rig = egressRig({ follow: false });
    const run = await rig.run(posting({ text: 'nowhere' }));
    expect(run.status).toBe('failure');
    const failed = (await rig.store.getSteps(run.id))[0]!;
    expect(failed.error).toBe('slack.post in step post: no channel to post to; set `channel:` on the step or SLACK_CHANNEL (the run did not come from Slack)');
  });

  it('fails naming SLACK_BOT_TOKEN when Slack is not configured', async () => {
    rig = egressRig({ follow: false, config: { botToken: undefined, channel: 'C0NOTIFY' } });
    const run = await rig.run(posting({ text: 'hello' }));
    expect((await rig.store.getSteps(run.id))[0]!.error).toBe('slack.post: Slack is not configured; set SLACK_BOT_TOKEN (and SLACK_CHANNEL for a default channel)');
  });

  it('edits a message with update: ts instead of posting', async () => {
    slackApi()
      .post('/api/chat.update', { channel: 'C2147483705', ts: '1700000000.000100', text: '_edited_' })
      .reply(200, updateAnswer('C2147483705', '1700000000.000100', '_edited_'));
    rig = egressRig({ follow: false });
    const run = await rig.run(posting({ text: '*edited*', update: '1700000000.000100' }), slashCommand('review acme/api#42'));
    expect(await postOutputs(rig, run.id)).toEqual({ channel: 'C2147483705', ts: '1700000000.000100' });
  });

  it('sends given blocks as they are, with the Markdown as notification text', async () => {
    const blocks = [{ type: 'divider' }];
    slackApi()
      .post('/api/chat.postMessage', { channel: 'C0NOTIFY', text: '*fallback*', blocks: JSON.stringify(blocks) })
      .reply(200, postMessageAnswer('C0NOTIFY', '1700000000.000400'));
    rig = egressRig({ follow: false, config: { channel: 'C0NOTIFY' } });
    expect((await rig.run(posting({ text: '**fallback**', blocks }))).status).toBe('success');
  });

  it('surfaces the fix Slack errors call for in the step error', async () => {
    slackApi().post('/api/chat.postMessage').reply(200, errorAnswer('not_in_channel'));
    rig = egressRig({ follow: false, config: { channel: 'C0NOTIFY' } });
    const run = await rig.run(posting({ text: 'x' }));
    expect((await rig.store.getSteps(run.id))[0]!.error).toBe(
      'Slack refused chat.postMessage in C0NOTIFY: not_in_channel: the bot is not a member of C0NOTIFY; invite it there (`/invite @agentic-sdlc`)',
    );
  });
});
