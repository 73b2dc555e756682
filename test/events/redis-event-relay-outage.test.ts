import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisEventRelay } from '../../src/events/redis-event-relay.js';
import { createLogger } from '../../src/logger.js';
import { requireRedis } from '../helpers/services.js';

/**
 * The relay when Redis is not there or goes away: publishing neither throws nor waits, an outage is logged
 * once, a password never shows, the connections come back by themselves, and a process can exit after
 * `close`. "Unreachable" is a closed port on this machine (1), so nothing waits on a network timeout.
 */

const url = await requireRedis();
const DOWN = 'redis://:s3cret@127.0.0.1:1';

const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

function relay(options: { url?: string; subscribeTimeoutMs?: number; prefix?: string } = {}) {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(line) });
  const created = new RedisEventRelay({ url: url ?? DOWN, ...options, logger });
  opened.push(created);
  const logged = (level: number) => lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((entry) => entry.level === level);
  return { relay: created, lines, warnings: () => logged(40), infos: () => logged(30) };
}

async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the Redis event relay with Redis unreachable', () => {
  it('publishes without throwing or waiting, drops and counts, and warns once without the password', async () => {
    const down = relay({ url: DOWN });
    const started = Date.now();
    for (let i = 0; i < 1_000; i++) expect(() => down.relay.publish('step.started', { runId: 'r1', i })).not.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few failed connection attempts
    for (let i = 0; i < 100; i++) down.relay.publish('step.started', { runId: 'r1', i });
    expect(down.relay.dropped).toBe(1_100);
    expect(down.warnings()).toHaveLength(1);
    expect(down.warnings()[0]).toMatchObject({ redis: 'redis://:***@127.0.0.1:1', event: 'step.started' });
    expect(down.lines.join('\n')).not.toContain('s3cret');
    await down.relay.close();
  });

  it('rejects subscribe within its timeout, naming the URL without the password; close ends it', async () => {
    const down = relay({ url: DOWN, subscribeTimeoutMs: 300 });
    const error = await down.relay.subscribe(() => undefined).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.message).toMatch(/could not subscribe .* on Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: no answer within 300 ms; last connection error: .*ECONNREFUSED/);
    expect(error?.message).not.toContain('s3cret');
    expect(down.lines.join('\n')).not.toContain('s3cret');
    await down.relay.close();
    await down.relay.close();
  });

});

describe.skipIf(!url)('the Redis event relay with its connections killed, and at exit (real Redis)', () => {
  const admin = () => {
    const client = new Redis(url!);
    opened.push({ close: () => client.quit() });
    return client;
  };

  /** Kills the server side of a relay's connection, as a Redis restart or a network cut would. */
  async function kill(target: RedisEventRelay, which: 'pub' | 'sub'): Promise<void> {
    const client = admin();
    const list = (await client.call('CLIENT', 'LIST')) as string;
    const line = list.split('\n').find((entry) => entry.includes(` name=agentic-sdlc-events-${target.origin.slice(0, 8)}-${which} `));
    if (!line) throw new Error(`no ${which} connection of relay ${target.origin} in CLIENT LIST`);
    await client.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);
  }

  it('lets a process exit after close, subscribed to a live Redis or failed against a dead one', async () => {
    const script = [
      `const { RedisEventRelay } = await import(${JSON.stringify(join(import.meta.dirname, '../../src/events/redis-event-relay.ts'))});`,
      `const live = new RedisEventRelay({ url: process.env.LIVE, prefix: 'asdlc-exit-${randomUUID()}' });`,
      `if (process.env.LIVE) { await live.subscribe(() => {}); live.publish('run.started', { runId: 'r' }); }`,
      `await live.close();`,
      `const dead = new RedisEventRelay({ url: ${JSON.stringify(DOWN)}, subscribeTimeoutMs: 200 });`,
      `await dead.subscribe(() => {}).catch(() => {});`,
      `dead.publish('run.started', { runId: 'r' });`,
      `await dead.close();`,
      `console.log('closed');`,
    ].join('\n');
    const { code, stdout, stderr, killed } = await new Promise<{ code: number; stdout: string; stderr: string; killed: boolean }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script],
        { env: { ...process.env, LIVE: url ?? DOWN }, timeout: 15_000 },
        (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err, killed: child.killed }),
      );
    });
    expect({ killed, stderr: stderr.includes('s3cret') ? 'has the password' : 'ok' }).toEqual({ killed: false, stderr: 'ok' });
    expect(stdout.trim()).toBe('closed');
    expect(code).toBe(0);
  });

  it('after a subscribe that timed out, never subscribes later behind the caller\'s back', async () => {
    const prefix = `asdlc-test-${randomUUID()}`;
    const [a, late] = [relay({ prefix }), relay({ prefix, subscribeTimeoutMs: 0 })];
    await a.relay.subscribe(() => undefined);
    const atLate: unknown[] = [];
    await expect(late.relay.subscribe((_, payload) => atLate.push(payload))).rejects.toThrow(/no answer within 0 ms/);
    for (let i = 0; i < 20; i++) {
      a.relay.publish('run.started', { i });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(atLate).toEqual([]);
  });

  it('resubscribes by itself, and warns once per publishing outage', async () => {
    const prefix = `asdlc-test-${randomUUID()}`;
    const [a, b] = [relay({ prefix }), relay({ prefix })];
    const atB: number[] = [];
    await a.relay.subscribe(() => undefined);
    await b.relay.subscribe((_, payload) => atB.push((payload as { n: number }).n));
    let n = 0;
    /** Publishes from A every few ms until B has received one more event. */
    const flowsAgain = async () => {
      const before = atB.length;
      await waitFor(() => (a.relay.publish('run.started', { n: n++ }), atB.length > before), 'events to flow from A to B again');
    };

    await kill(b.relay, 'sub');
    await flowsAgain();
    expect(b.warnings().map((entry) => entry.msg)).toEqual([expect.stringContaining('lost the Redis connection')]);
    expect(b.infos().map((entry) => entry.msg)).toEqual([expect.stringContaining('resubscribing')]);

    for (const outage of [1, 2]) {
      await kill(a.relay, 'pub');
      await waitFor(() => (a.relay.publish('run.started', { n: n++ }), a.warnings().length === outage), `warning ${outage}`);
      for (let i = 0; i < 50; i++) a.relay.publish('run.started', { n: n++ });
      await flowsAgain();
    }
    expect(a.warnings().map((entry) => entry.msg)).toEqual([expect.stringContaining('cannot publish'), expect.stringContaining('cannot publish')]);
    expect(a.relay.dropped).toBeGreaterThanOrEqual(100);
    // What did arrive arrived in order, the gaps being the dropped events.
    expect([...atB].sort((x, y) => x - y)).toEqual(atB);
  });
});
