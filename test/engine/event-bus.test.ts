import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/engine/event-bus.js';

describe('EventBus', () => {
  it('a throwing listener neither stops the others nor reaches the emitter, and off() unsubscribes', () => {
    const bus = new EventBus<{ ping: { n: number } }>();
    const seen: number[] = [];
    bus.on('ping', () => {
      throw new Error('broken subscriber');
    });
    const off = bus.on('ping', ({ n }) => seen.push(n));
    expect(() => bus.emit('ping', { n: 1 })).not.toThrow();
    off();
    bus.emit('ping', { n: 2 });
    expect(seen).toEqual([1]);
  });
});
