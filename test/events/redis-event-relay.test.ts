import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus, type EventMeta } from '../../src/engine/event-bus.js';
import { relayEvents } from '../../src/engine/relay-events.js';
import { RedisEventRelay } from '../../src/events/redis-event-relay.js';
import { createLogger } from '../../src/logger.js';
import { requireRedis } from '../helpers/services.js';

/**
 * The Redis event relay against a real Redis: several relays in one test stand for several processes, each
 * test on a prefix of its own. Where a test must show that something did NOT arrive, it sends a fence (a
 * message published after the thing under test) and waits for it: Redis delivers a channel's messages to a
 * subscriber in the order it processed the PUBLISHes, so whatever was coming came before the fence.
 */

const url = await requireRedis();

const opened: { close(): Promise<unknown> }[] = [];
let prefix = '';

interface Received {
  name: string;
  payload: unknown;
}

/** A relay ("a process") with an in-memory log. */
function relay(options: { prefix?: string; channel?: string; url?: string; subscribeTimeoutMs?: number } = {}) {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(line) });
  const created = new RedisEventRelay({ url: url!, prefix, ...options, logger });
  opened.push(created);
  const logged = (level: number) => lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((entry) => entry.level === level);
  return { relay: created, lines, warnings: () => logged(40), errors: () => logged(50) };
}

/** Subscribes `target` and records what it delivers. */
async function listen(target: RedisEventRelay): Promise<Received[]> {
  const received: Received[] = [];
  await target.subscribe((name, payload) => received.push({ name, payload }));
  return received;
}

function raw(): Redis {
  const client = new Redis(url!);
  opened.push({ close: () => client.quit() });
  return client;
}

async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Publishes a fence on `target`'s channel from outside and waits until `received` has it. */
async function fence(target: RedisEventRelay, received: Received[], name = 'fence', payload: unknown = { fence: true }): Promise<void> {
  const before = received.length;
  await raw().publish(target.channel, JSON.stringify({ o: `fence-${randomUUID()}`, n: name, p: payload }));
  await waitFor(() => received.slice(before).some((entry) => entry.name === name), `the fence on ${target.channel}`);
}

afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

describe.skipIf(!url)('the Redis event relay (real Redis)', () => {
  const fresh = () => (prefix = `asdlc-test-${randomUUID()}`);

  it('delivers 1,000 events from A to B in the order published, and none back to A itself', async () => {
    fresh();
    const [a, b] = [relay().relay, relay().relay];
    const [atA, atB] = [await listen(a), await listen(b)];
    for (let i = 0; i < 1_000; i++) a.publish('step.started', { runId: 'r1', i });
    await waitFor(() => atB.length === 1_000, '1,000 events at B');
    expect(atB.map((entry) => (entry.payload as { i: number }).i)).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(atB.every((entry) => entry.name === 'step.started')).toBe(true);
    await fence(a, atA);
    expect(atA.map((entry) => entry.name)).toEqual(['fence']);
  });

  it('keeps deployments apart: a relay on another prefix or channel gets nothing', async () => {
    fresh();
    const a = relay().relay;
    const otherPrefix = relay({ prefix: `${prefix}-other` }).relay;
    const otherChannel = relay({ channel: 'other-events' }).relay;
    const [atOtherPrefix, atOtherChannel] = [await listen(otherPrefix), await listen(otherChannel)];
    await listen(a);
    for (let i = 0; i < 10; i++) a.publish('run.started', { runId: `r${i}`, workflow: 'w' });
    expect(new Set([a.channel, otherPrefix.channel, otherChannel.channel]).size).toBe(3);
    await fence(otherPrefix, atOtherPrefix);
    await fence(otherChannel, atOtherChannel);
    expect(atOtherPrefix.map((entry) => entry.name)).toEqual(['fence']);
    expect(atOtherChannel.map((entry) => entry.name)).toEqual(['fence']);
  });

  it('joins two EventBuses through relayEvents: B sees A\'s step.completed as remote, A sees it once, and B never echoes it', async () => {
    fresh();
    const [a, b] = [relay().relay, relay().relay];
    const [busA, busB] = [new EventBus(), new EventBus()];
    const atA: EventMeta[] = [];
    const atB: { payload: unknown; meta: EventMeta }[] = [];
    const fencesAtA: Received[] = [];
    busA.on('step.completed', (_, meta) => atA.push(meta));
    busB.on('step.completed', (payload, meta) => atB.push({ payload, meta }));
    busA.on('run.cancelRequested', (payload) => fencesAtA.push({ name: 'run.cancelRequested', payload }));
    await relayEvents(busA, a);
    await relayEvents(busB, b);
    const onChannel = await rawSubscriber(a.channel);

    const completed = { runId: 'r1', stepId: 's1', name: 'build', status: 'success' as const, attempt: 1, durationMs: 12 };
    busA.emit('step.completed', completed);
    await waitFor(() => atB.length === 1, 'the step at B');
    expect(atB).toEqual([{ payload: completed, meta: { remote: true } }]);
    // Had B sent it back, A (and the channel) would have it a second time before this fence.
    await fence(a, fencesAtA, 'run.cancelRequested', { runId: 'fence', reason: 'fence' });
    expect(atA).toEqual([{ remote: false }]);
    await waitFor(() => onChannel.some((text) => text.includes('"fence"')), 'the fence on the raw subscriber');
    expect(onChannel.filter((text) => text.includes('step.completed'))).toHaveLength(1);
  });

  it('ignores malformed messages on the channel, warning once, and goes on delivering', async () => {
    fresh();
    const [a, b] = [relay(), relay()];
    const atB = await listen(b.relay);
    await listen(a.relay);
    const client = raw();
    for (const text of ['not json', '{}', 'null', '42', '"text"', '[1,2]', '{"o":"x"}', '{"o":"x","n":"run.started"}', '{"o":1,"n":"x","p":{}}', '{"o":"x","n":"","p":{}}']) {
      await client.publish(b.relay.channel, text);
    }
    a.relay.publish('run.started', { runId: 'r1', workflow: 'w' });
    await waitFor(() => atB.length === 1, 'the valid event');
    expect(atB).toEqual([{ name: 'run.started', payload: { runId: 'r1', workflow: 'w' } }]);
    expect(b.warnings().map((entry) => entry.msg)).toEqual([expect.stringContaining('not an event')]);
  });

  it('delivers a large payload whole', async () => {
    fresh();
    const [a, b] = [relay().relay, relay().relay];
    const atB = await listen(b);
    await listen(a);
    const data = { text: 'x'.repeat(2 * 1024 * 1024), list: Array.from({ length: 5_000 }, (_, i) => ({ i })) };
    a.publish('action.event', { runId: 'r1', stepId: 's1', name: 'big', data });
    await waitFor(() => atB.length === 1, 'the large event');
    expect(atB[0]!.payload).toEqual({ runId: 'r1', stepId: 's1', name: 'big', data });
  });

  it('drops a payload JSON cannot carry (BigInt, cycle) with one log line each, and keeps relaying', async () => {
    fresh();
    const [a, b] = [relay(), relay()];
    const atB = await listen(b.relay);
    await listen(a.relay);
    const cycle: Record<string, unknown> = { runId: 'r2' };
    cycle.self = cycle;
    expect(() => a.relay.publish('action.event', { runId: 'r1', stepId: 's1', name: 'n', data: 10n })).not.toThrow();
    expect(() => a.relay.publish('action.event', cycle)).not.toThrow();
    a.relay.publish('run.started', { runId: 'r3', workflow: 'w' });
    await waitFor(() => atB.length === 1, 'the serializable event');
    expect(atB.map((entry) => entry.name)).toEqual(['run.started']);
    expect(a.errors().map((entry) => entry.msg)).toEqual([expect.stringContaining('cannot be sent as JSON'), expect.stringContaining('cannot be sent as JSON')]);
    expect(a.relay.dropped).toBe(2);
  });

  it('keeps delivering after the function it delivers to throws', async () => {
    fresh();
    const [a, b] = [relay(), relay()];
    await listen(a.relay);
    const atB: unknown[] = [];
    await b.relay.subscribe((_, payload) => {
      atB.push(payload);
      if (atB.length === 1) throw new Error('a broken subscriber');
    });
    a.relay.publish('run.started', { n: 1 });
    a.relay.publish('run.started', { n: 2 });
    await waitFor(() => atB.length === 2, 'both events');
    expect(atB).toEqual([{ n: 1 }, { n: 2 }]);
    expect(b.errors()).toHaveLength(1);
  });

  it('closes twice without complaint, and delivers nothing after close', async () => {
    fresh();
    const [a, b, c] = [relay().relay, relay().relay, relay().relay];
    const [atB, atC] = [await listen(b), await listen(c)];
    await listen(a);
    await b.close();
    await b.close();
    await relay().relay.close(); // never subscribed
    a.publish('run.started', { runId: 'r1', workflow: 'w' });
    await waitFor(() => atC.length === 1, 'the event at a relay still open');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(atB).toEqual([]);
    await expect(b.subscribe(() => undefined)).rejects.toThrow(/closed/);
  });

  it('delivers nothing once close is called, not even messages already read from the socket', async () => {
    fresh();
    const [a, b] = [relay().relay, relay().relay];
    await listen(a);
    let closing: Promise<void> | undefined;
    let afterClose = 0;
    await b.subscribe(() => {
      if (closing) afterClose++;
      else closing = b.close(); // from inside a delivery: the rest of this burst is already in hand
    });
    for (let i = 0; i < 1_000; i++) a.publish('step.started', { runId: 'r1', i });
    await waitFor(() => closing !== undefined, 'the first event at B');
    await closing;
    expect(afterClose).toBe(0);
  });

  async function rawSubscriber(channel: string): Promise<string[]> {
    const texts: string[] = [];
    const client = raw();
    client.on('message', (_, text: string) => texts.push(text));
    await client.subscribe(channel);
    return texts;
  }
});
