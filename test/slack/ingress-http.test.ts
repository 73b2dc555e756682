import { readdirSync, readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { strictNock } from '../github/helpers.js';
import { postCommand, postSigned, slackSignature, slashCommand, startSlackRig, vectors, type SlackRig } from './helpers.js';

// Requests are only recorded here (worker off): nothing runs, so nothing reaches Slack or GitHub.
const MAX_BODY = 16 * 1024;
let rig: SlackRig;
beforeAll(async () => {
  strictNock();
  rig = await startSlackRig({ worker: false, server: { maxBodyBytes: MAX_BODY, bodyTimeoutMs: 1_000 } });
});
afterEach(() => {
  vi.useRealTimers();
  expect(nock.pendingMocks()).toEqual([]);
});
afterAll(async () => {
  await rig.close();
  nock.cleanAll();
});

async function dispatchKeys(key: string): Promise<string[]> {
  return (await rig.runs('slack-dispatch')).filter((run) => run.idempotencyKey === key).map((run) => run.status);
}

const EVENTS_DIR = new URL('../fixtures/slack/events/', import.meta.url);

describe('Slack requests on our server', () => {
  it('the official signature vector verifies (clock pinned to its timestamp)', async () => {
    const vector = vectors.slack_signature;
    expect(slackSignature(vector.signing_secret, vector.x_slack_request_timestamp, vector.body)).toBe(vector.x_slack_signature);
    const vectorRig = await startSlackRig({ worker: false, slack: { signingSecret: vector.signing_secret } });
    try {
      vi.useFakeTimers({ toFake: ['Date'], now: Number(vector.x_slack_request_timestamp) * 1000 });
      const headers = { 'content-type': vector.content_type, 'x-slack-request-timestamp': vector.x_slack_request_timestamp, 'x-slack-signature': vector.x_slack_signature };
      const pinned = await fetch(vectorRig.url, { method: 'POST', headers, body: vector.body });
      // Verified; `/webhook-collect` is not our command, so it is answered (ephemerally) and nothing is recorded.
      expect(pinned.status).toBe(200);
      expect(await pinned.json()).toEqual({
        response_type: 'ephemeral',
        text: 'This app answers `/sdlc`; `/webhook-collect` is not one of its commands (if the Slack app names it differently, set `slack.command` in the configuration).',
      });
      vi.useRealTimers();
      // The same request with the real clock is six years stale.
      expect((await fetch(vectorRig.url, { method: 'POST', headers, body: vector.body })).status).toBe(401);
      expect(await vectorRig.runs()).toEqual([]);
    } finally {
      vi.useRealTimers();
      await vectorRig.close();
    }
  });

  it('a slash command is recorded as one queued slack-dispatch run before it is answered', async () => {
    const response = await postCommand(rig.url, 'review acme/api#42', { trigger_id: 'trigger-recorded' });
    expect(response.status).toBe(200);
    const [run] = (await rig.runs('slack-dispatch')).filter((record) => record.idempotencyKey === 'slack:trigger-recorded');
    expect(run?.status).toBe('queued');
    expect(run?.event).toMatchObject({ source: 'slack', event: 'slash_command', repo: 'acme/api', number: 42, command: { name: 'review', args: ['acme/api#42'] } });
  });

  it('a wrong signature is refused with 401 and nothing is recorded', async () => {
    const body = slashCommand('help', { trigger_id: 'trigger-forged' });
    const response = await postSigned(rig.url, body, { contentType: 'application/x-www-form-urlencoded', secret: 'not the signing secret' });
    expect(response.status).toBe(401);
    expect(await dispatchKeys('slack:trigger-forged')).toEqual([]);
  });

  it('a body changed after signing is refused', async () => {
    const body = slashCommand('help', { trigger_id: 'trigger-tampered' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(rig.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': slackSignature('slack-test-signing-secret', timestamp, body) },
      body: body.replace('help', 'cancel'),
    });
    expect(response.status).toBe(401);
    expect(await dispatchKeys('slack:trigger-tampered')).toEqual([]);
  });

  it('a timestamp older than five minutes is refused with 401 and nothing is recorded, even correctly signed', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 5 * 60 - 5);
    const response = await postSigned(rig.url, slashCommand('help', { trigger_id: 'trigger-stale' }), { contentType: 'application/x-www-form-urlencoded', timestamp: stale });
    expect(response.status).toBe(401);
    expect(await dispatchKeys('slack:trigger-stale')).toEqual([]);
  });

  it('url_verification is answered with the challenge', async () => {
    const response = await postSigned(rig.url, JSON.stringify(vectors.slack_url_verification.body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: vectors.slack_url_verification.body.challenge });
  });

  it("a retried event (same event_id, X-Slack-Retry-Num) starts no second run", async () => {
    const envelope = structuredClone(vectors.slack_app_mention_event_callback.body);
    envelope.event.text = '<@U0LAN0Z89> review acme/api#42';
    const body = JSON.stringify(envelope);
    expect((await postSigned(rig.url, body)).status).toBe(200);
    expect((await postSigned(rig.url, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    expect((await postSigned(rig.url, body, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    expect(await dispatchKeys(`slack:${envelope.event_id}`)).toEqual(['queued']);
  });

  it('the same slash command delivered twice (same trigger_id) is recorded once', async () => {
    expect((await postCommand(rig.url, 'help', { trigger_id: 'trigger-twice' })).status).toBe(200);
    expect((await postCommand(rig.url, 'help', { trigger_id: 'trigger-twice' })).status).toBe(200);
    expect(await dispatchKeys('slack:trigger-twice')).toEqual(['queued']);
  });

  it('every captured real envelope is answered 2xx without a crash, and none records a run', async () => {
    const files = readdirSync(EVENTS_DIR).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(28);
    const before = (await rig.runs()).length;
    for (const file of files) {
      const response = await postSigned(rig.url, readFileSync(new URL(file, EVENTS_DIR), 'utf8'));
      expect({ file, status: response.status }).toEqual({ file, status: 200 });
    }
    // None is an app_mention: they are acknowledged and ignored.
    expect((await rig.runs()).length).toBe(before);
  });

  it('a request that cannot be recorded is answered 500, not acknowledged (Slack retries an event)', async () => {
    const submit = vi.spyOn(rig.runtime.engine, 'submit').mockRejectedValue(new Error('database is locked'));
    try {
      expect((await postCommand(rig.url, 'help', { trigger_id: 'trigger-unrecorded' })).status).toBe(500);
      const envelope = { ...structuredClone(vectors.slack_app_mention_event_callback.body), event_id: 'Ev0UNRECORDED' };
      expect((await postSigned(rig.url, JSON.stringify(envelope))).status).toBe(500);
    } finally {
      submit.mockRestore();
    }
  });

  it('a body over the cap is refused with 413 before Bolt sees it, and nothing is recorded', async () => {
    const text = `help ${'x'.repeat(MAX_BODY)}`;
    const response = await postCommand(rig.url, text, { trigger_id: 'trigger-huge' });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: `request body over ${MAX_BODY} bytes (server.maxBodyBytes)` });
    expect(await dispatchKeys('slack:trigger-huge')).toEqual([]);
  });

  it('a GET is refused with 405', async () => {
    const response = await fetch(rig.url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
