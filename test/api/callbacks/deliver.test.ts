import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverCallback, type CallbackAttempt } from '../../../src/api/callbacks/deliver.js';
import { parseAllowList } from '../../../src/net/allow-list.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { answerJson, startReceiver, type Receiver, type Received } from '../../net/receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const payload = { type: 'job.completed', data: { job_id: 'run_42', status: 'success', outputs: { verdict: 'ok' } } };
const local = parseAllowList(['127.0.0.1/32']);

/** A fake clock set to the real time, so the verifier's five-minute timestamp tolerance holds. */
function clockNow(): FakeClock {
  const clock = new FakeClock(true);
  clock.advance(Date.now() - clock.now());
  return clock;
}

function verified(request: Received): unknown {
  return new Webhook(SECRET).verify(request.body, request.headers as Record<string, string>);
}

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('job callbacks', () => {
  it('posts the signed JSON payload once when the receiver answers 2xx', async () => {
    receiver = await startReceiver(answerJson(204, {}));
    const attempts: CallbackAttempt[] = [];
    const clock = clockNow();
    const outcome = await deliverCallback({ url: `${receiver.url}/done`, payload, secret: SECRET, allow: local, maxAttempts: 3, clock, recordAttempt: (a) => void attempts.push(a) });
    expect(outcome).toMatchObject({ delivered: true, attempts: 1, status: 204 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', path: '/done', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
    expect(verified(receiver.requests[0]!)).toEqual(payload);
    expect(attempts).toEqual([{ attempt: 1, at: new Date(clock.now()).toISOString(), status: 204, durationMs: 0 }]);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a 500 with backoff under the same webhook-id, each attempt signed and recorded', async () => {
    receiver = await startReceiver(answerJson(500, { error: 'busy' }), answerJson(200, { ok: true }));
    const attempts: CallbackAttempt[] = [];
    const clock = clockNow();
    const outcome = await deliverCallback({ url: receiver.url, payload, secret: SECRET, allow: local, maxAttempts: 5, clock, random: () => 1, recordAttempt: (a) => void attempts.push(a) });
    expect(outcome).toMatchObject({ delivered: true, attempts: 2, status: 200 });
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 200]]);
    expect(clock.sleeps).toEqual([5000]);
    const [first, second] = receiver.requests;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.headers['webhook-id']).toBe(outcome.webhookId);
    expect(Number(second!.headers['webhook-timestamp']) - Number(first!.headers['webhook-timestamp'])).toBe(5);
    expect(verified(first!)).toEqual(payload);
    expect(verified(second!)).toEqual(payload);
  });

  it('waits as long as a 429 Retry-After asks when that is longer than its own backoff', async () => {
    receiver = await startReceiver(answerJson(429, { error: 'slow down' }, { 'retry-after': '120' }), answerJson(200, {}));
    const clock = clockNow();
    const outcome = await deliverCallback({ url: receiver.url, payload, secret: SECRET, allow: local, maxAttempts: 3, clock, random: () => 0 });
    expect(outcome).toMatchObject({ delivered: true, attempts: 2 });
    expect(clock.sleeps).toEqual([120_000]);
  });

  it('backs off exponentially and gives up after maxAttempts when the receiver is unreachable', async () => {
    const gone = await startReceiver();
    await gone.close();
    const attempts: CallbackAttempt[] = [];
    const clock = clockNow();
    const outcome = await deliverCallback({ url: gone.url, payload, secret: SECRET, allow: local, maxAttempts: 4, clock, random: () => 1, recordAttempt: (a) => void attempts.push(a) });
    expect(outcome).toMatchObject({ delivered: false, reason: 'exhausted', attempts: 4, error: `${gone.url}: ECONNREFUSED` });
    expect(clock.sleeps).toEqual([5000, 10_000, 20_000]);
    expect(attempts.map((a) => a.error)).toEqual(Array(4).fill(`${gone.url}: ECONNREFUSED`));
  });

  it('refuses a private URL without trying it again and without reaching it', async () => {
    receiver = await startReceiver(answerJson(200, {}));
    const attempts: CallbackAttempt[] = [];
    const clock = clockNow();
    const outcome = await deliverCallback({ url: receiver.url, payload, secret: SECRET, allow: parseAllowList([]), maxAttempts: 6, clock, recordAttempt: (a) => void attempts.push(a) });
    expect(outcome).toMatchObject({ delivered: false, reason: 'refused', attempts: 1, error: 'refused: 127.0.0.1 is a loopback address (allow it with api.callbacks.allowHosts)' });
    expect(attempts).toHaveLength(1);
    expect(receiver.requests).toEqual([]);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops at a 4xx or a redirect: trying again cannot change the answer', async () => {
    receiver = await startReceiver((_request, response) => {
      response.writeHead(301, { location: 'http://169.254.169.254/' });
      response.end();
    });
    const clock = clockNow();
    const moved = await deliverCallback({ url: receiver.url, payload, secret: SECRET, allow: local, maxAttempts: 6, clock });
    expect(moved).toMatchObject({ delivered: false, reason: 'rejected', attempts: 1, error: 'answered 301 (a redirect, not followed)' });
    await receiver.close();
    receiver = await startReceiver(answerJson(410, {}));
    const gone = await deliverCallback({ url: receiver.url, payload, secret: SECRET, allow: local, maxAttempts: 6, clock });
    expect(gone).toMatchObject({ delivered: false, reason: 'rejected', attempts: 1, error: 'answered 410' });
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps a webhook id the caller gives, so a redelivery after a restart is recognizable', async () => {
    receiver = await startReceiver(answerJson(200, {}));
    const outcome = await deliverCallback({ url: receiver.url, payload, secret: SECRET, allow: local, maxAttempts: 1, clock: clockNow(), webhookId: 'msg_run_42' });
    expect(outcome.webhookId).toBe('msg_run_42');
    expect(receiver.requests[0]!.headers['webhook-id']).toBe('msg_run_42');
  });
});
