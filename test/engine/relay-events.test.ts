import { describe, expect, it } from 'vitest';
import { EventBus, type EventMeta } from '../../src/engine/event-bus.js';
import type { EventRelay } from '../../src/engine/ports/event-relay.js';
import { relayEvents } from '../../src/engine/relay-events.js';

/**
 * `relayEvents`, the glue between a process's bus and the relay, over an in-memory wire: what a relay
 * publishes is delivered at once to every other relay on the wire (never back to itself, as the port says).
 */

class WireRelay implements EventRelay {
  readonly published: string[] = [];
  private deliver: ((name: string, payload: unknown) => void) | undefined;

  constructor(private readonly wire: WireRelay[]) {
    wire.push(this);
  }

  publish(name: string, payload: unknown): void {
    this.published.push(name);
    for (const other of this.wire) if (other !== this) other.deliver?.(name, payload);
  }

  subscribe(deliver: (name: string, payload: unknown) => void): Promise<void> {
    this.deliver = deliver;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Two "processes": a bus and a relay each, on one wire, with what each bus saw. */
async function twoProcesses() {
  const wire: WireRelay[] = [];
  const make = async () => {
    const bus = new EventBus();
    const relay = new WireRelay(wire);
    const seen: { name: string; meta: EventMeta }[] = [];
    for (const name of ['step.completed', 'run.cancelRequested', 'log'] as const) bus.on(name, (_, meta) => seen.push({ name, meta }));
    const stop = await relayEvents(bus, relay);
    return { bus, relay, seen, stop };
  };
  return { a: await make(), b: await make() };
}

const completed = { runId: 'r1', stepId: 's1', name: 'build', status: 'success' as const, attempt: 1, durationMs: 5 };

describe('relayEvents', () => {
  it('carries progress and cancel requests both ways, marked remote where they arrive', async () => {
    const { a, b } = await twoProcesses();
    a.bus.emit('step.completed', completed);
    b.bus.emit('run.cancelRequested', { runId: 'r1', reason: 'user' });
    expect(a.seen).toEqual([
      { name: 'step.completed', meta: { remote: false } },
      { name: 'run.cancelRequested', meta: { remote: true } },
    ]);
    expect(b.seen).toEqual([
      { name: 'step.completed', meta: { remote: true } },
      { name: 'run.cancelRequested', meta: { remote: false } },
    ]);
  });

  it('keeps log events in their process', async () => {
    const { a, b } = await twoProcesses();
    a.bus.emit('log', { runId: 'r1', level: 'info', message: 'hello' });
    expect(a.relay.published).toEqual([]);
    expect(b.seen).toEqual([]);
  });

  it('does not put a name it does not relay on the bus, whoever sent it', async () => {
    const { a, b } = await twoProcesses();
    a.relay.publish('log', { runId: 'r1', level: 'info', message: 'from a rogue publisher' });
    expect(b.seen).toEqual([]);
  });

  it('never publishes a remote event again (no echo between processes)', async () => {
    const { a, b } = await twoProcesses();
    a.bus.emit('step.completed', completed);
    expect(a.relay.published).toEqual(['step.completed']);
    expect(b.relay.published).toEqual([]);
    expect(a.seen).toHaveLength(1);
  });

  it('stops both directions once stopped', async () => {
    const { a, b } = await twoProcesses();
    a.stop();
    a.bus.emit('step.completed', completed);
    b.bus.emit('run.cancelRequested', { runId: 'r1', reason: 'user' });
    expect(a.relay.published).toEqual([]);
    expect(b.relay.published).toEqual(['run.cancelRequested']);
    expect(a.seen).toEqual([{ name: 'step.completed', meta: { remote: false } }]);
    expect(b.seen).toEqual([{ name: 'run.cancelRequested', meta: { remote: false } }]);
  });
});
