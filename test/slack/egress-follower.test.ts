import { afterEach, describe, expect, it } from 'vitest';
import { RunFollower } from '../../src/integrations/slack/run-follower.js';
import { step, workflow } from '../helpers/engine.js';
import { FakeClock } from '../helpers/fake-clock.js';
import {
  capturedLogger,
  egressRig,
  errorAnswer,
  mention,
  postMessageAnswer,
  recordSlack,
  slashCommand,
  strictNock,
  TOKEN,
  until,
  updateAnswer,
  type EgressRig,
  type SlackCall,
} from './egress-helpers.js';

strictNock();

let rig: EgressRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const CHANNEL = 'C2147483705';
const PARENT_TS = '1700000001.000100';

/** Two steps and a Markdown summary, as the built-in review workflows end. */
const review = workflow('lite-review', [step('build', 'test.echo'), step('review', 'test.echo', { with: { summary: '## Review\n\n**2** findings' }, needs: ['build'] })], {
  outputs: { summary: '${{ steps.review.outputs.summary }}' },
});

/** Slack's answers: each post gets its own ts, the first one (the parent) `PARENT_TS`. */
function answers(call: SlackCall, index: number): Record<string, unknown> {
  if (call.method === 'chat.update') return updateAnswer(call.body.channel!, call.body.ts!);
  return postMessageAnswer(call.body.channel!, index === 0 ? PARENT_TS : `1700000001.00020${index}`);
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

describe('following a Slack run in a thread', () => {
  it('posts the parent, one reply per step, the results as Block Kit, then updates the parent, a second apart', async () => {
    rig = egressRig();
    const { calls, done } = recordSlack(rig.clock, 5, answers);
    const run = await rig.run(review, slashCommand('review acme/api#42'));
    await until(done);
    const running = ':hourglass_flowing_sand: *lite-review* running — acme/api#42';
    const finished = ':white_check_mark: *lite-review* succeeded in 0.0 s — acme/api#42';
    const who = `requested by <@U2147483697> · run \`${run.id}\``;
    expect(calls.map(({ method, body }) => ({ method, body }))).toEqual([
      { method: 'chat.postMessage', body: { channel: CHANNEL, text: running, blocks: JSON.stringify([section(running), context(who)]) } },
      { method: 'chat.postMessage', body: { channel: CHANNEL, text: ':white_check_mark: `build` succeeded (0.0 s)', thread_ts: PARENT_TS } },
      { method: 'chat.postMessage', body: { channel: CHANNEL, text: ':white_check_mark: `review` succeeded (0.0 s)', thread_ts: PARENT_TS } },
      {
        method: 'chat.postMessage',
        body: { channel: CHANNEL, text: finished, blocks: JSON.stringify([section(finished), section('*Review*\n\n*2* findings'), context(`run \`${run.id}\``)]), thread_ts: PARENT_TS },
      },
      { method: 'chat.update', body: { channel: CHANNEL, ts: PARENT_TS, text: finished, blocks: JSON.stringify([section(finished), context(who)]) } },
    ]);
    const start = calls[0]!.at;
    expect(calls.map((call) => call.at - start)).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('opens the run in the thread of the mention that asked, and keeps every reply there', async () => {
    rig = egressRig();
    const { calls, done } = recordSlack(rig.clock, 5, answers);
    await rig.run(review, mention('review acme/api#42'));
    await until(done);
    expect(calls.map((call) => [call.method, call.body.channel, call.body.thread_ts ?? call.body.ts])).toEqual([
      ['chat.postMessage', 'C123ABC456', '1515449522.000016'],
      ['chat.postMessage', 'C123ABC456', '1515449522.000016'],
      ['chat.postMessage', 'C123ABC456', '1515449522.000016'],
      ['chat.postMessage', 'C123ABC456', '1515449522.000016'],
      ['chat.update', 'C123ABC456', PARENT_TS],
    ]);
  });

  it('replies with the error of a failed step and ends with the failure', async () => {
    rig = egressRig();
    const { calls, done } = recordSlack(rig.clock, 4, answers);
    await rig.run(workflow('lite-fail', [step('flaky', 'test.fail', { with: { times: 5, retryable: false } })]), slashCommand('review acme/api#42'));
    await until(done);
    expect(calls.map((call) => call.body.text)).toEqual([
      ':hourglass_flowing_sand: *lite-fail* running — acme/api#42',
      ':x: `flaky` failed (0.0 s): planned failure 1',
      ':x: *lite-fail* failed in 0.0 s — acme/api#42',
      ':x: *lite-fail* failed in 0.0 s — acme/api#42',
    ]);
    expect(JSON.parse(calls[2]!.body.blocks!)[0]).toEqual(section(':x: *lite-fail* failed in 0.0 s — acme/api#42\nstep flaky failed'));
  });

  it('lets slack.post in a slash-command run reply under the parent message', async () => {
    rig = egressRig();
    const { calls, done } = recordSlack(rig.clock, 5, answers);
    await rig.run(workflow('lite-notify', [step('notify', 'slack.post', { with: { text: 'posted from the run' } })]), slashCommand('review acme/api#42'));
    await until(done);
    expect(calls.find((call) => call.body.text === 'posted from the run')?.body).toEqual({ channel: CHANNEL, text: 'posted from the run', thread_ts: PARENT_TS });
  });

  it('leaves the run result unchanged when every Slack call fails, and logs why without the token', async () => {
    rig = egressRig();
    // The parent fails, so step replies have no thread and are dropped; the results still try the channel.
    const { calls, done } = recordSlack(rig.clock, 2, () => errorAnswer('invalid_auth'));
    const run = await rig.run(review, slashCommand('review acme/api#42'));
    await until(done);
    await rig.egress.follower.close();
    expect(run.status).toBe('success');
    expect(run.outputs).toEqual({ summary: '## Review\n\n**2** findings' });
    expect(calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
    const warnings = rig.lines.map((line) => JSON.parse(line) as { msg: string; error?: string }).filter((line) => line.msg.includes('not posted'));
    expect(warnings.map((line) => line.msg)).toEqual(['Slack parent message not posted; results will go to the channel', 'Slack results not posted']);
    expect(warnings[0]!.error).toContain('invalid_auth: check SLACK_BOT_TOKEN');
    expect(rig.lines.join('\n')).not.toContain(TOKEN);
  });

  it('does not follow runs that did not come from Slack, nor the internal slack-dispatch run', async () => {
    rig = egressRig();
    await rig.run(review);
    await rig.run(review, { source: 'github', event: 'pull_request', action: 'opened', repo: 'acme/api', number: 42 });
    await rig.run(workflow('slack-dispatch', [step('dispatch', 'test.echo')]), slashCommand('help'));
    await rig.egress.follower.close();
    // Any Slack call would have failed (strict nock, no mock) and been logged as a warning.
    expect(rig.lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level >= 40)).toEqual([]);
  });

  it('forgets a run once its thread is finished', async () => {
    rig = egressRig({ follow: false });
    const { logger } = capturedLogger();
    const follower = new RunFollower({ client: rig.egress.client, bus: rig.engine.bus, store: rig.store, logger, clock: new FakeClock() });
    follower.start();
    const { done } = recordSlack(rig.clock, 4, answers);
    const gate = rig.probe.gate('build');
    const { run } = await rig.engine.submit(workflow('lite-one', [step('build', 'test.echo')]), { event: slashCommand('review acme/api#42') });
    await rig.probe.whenStarted('build');
    await expect(follower.threadFor(run.id)).resolves.toEqual({ channel: CHANNEL, threadTs: PARENT_TS });
    gate.resolve();
    await rig.engine.waitFor(run.id);
    await until(done);
    await follower.close();
    await expect(follower.threadFor(run.id)).resolves.toBeUndefined();
  });
});
