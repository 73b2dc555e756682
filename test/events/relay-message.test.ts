import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../src/events/relay-message.js';
import { safeRedisUrl } from '../../src/net/redis-url.js';

/** The relay's wire format and URL hiding, without Redis: what a hostile or confused channel can send. */

describe('the relay message format', () => {
  it('reads back what it writes, payload whole', () => {
    const payload = { runId: 'r1', data: { list: [1, 'two', null], nested: { deep: true } } };
    const encoded = encodeMessage('origin-1', 'action.event', payload);
    expect('text' in encoded && decodeMessage(encoded.text)).toEqual({ o: 'origin-1', n: 'action.event', p: payload });
  });

  it('turns anything that is not a message into undefined, never an exception', () => {
    const malformed = ['', 'not json', '{', 'null', '42', '"text"', 'true', '[]', '[{"o":"x","n":"y","p":{}}]', '{}', '{"o":"x"}', '{"o":"x","n":"y"}', '{"o":1,"n":"y","p":{}}', '{"o":"x","n":2,"p":{}}', '{"o":"","n":"y","p":{}}', '{"o":"x","n":"","p":{}}'];
    for (const text of malformed) expect(() => decodeMessage(text), text).not.toThrow();
    expect(malformed.map((text) => decodeMessage(text))).toEqual(malformed.map(() => undefined));
  });

  it('names the problem instead of throwing for a payload JSON cannot carry', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const throwing = { toJSON: () => { throw new Error('no'); } };
    for (const payload of [{ n: 1n }, cycle, throwing, undefined]) {
      expect(encodeMessage('o', 'n', payload)).toEqual({ problem: expect.any(String) });
    }
  });
});

describe('safeRedisUrl', () => {
  it('shows the URL with *** for the password and scrubs it, raw or decoded, from other text', () => {
    const safe = safeRedisUrl('redis://user:p%40ss@redis.internal:6380/2');
    expect(safe.shown).toBe('redis://user:***@redis.internal:6380/2');
    expect(safe.scrub('AUTH user p@ss failed (p%40ss)')).toBe('AUTH user *** failed (***)');
    expect(safeRedisUrl('redis://127.0.0.1:6379').shown).toBe('redis://127.0.0.1:6379');
    expect(safeRedisUrl('not a url :s3cret@').shown).not.toContain('s3cret');
  });
});
