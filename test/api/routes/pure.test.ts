import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/api/cursor.js';
import { usageOf } from '../../../src/api/job-view.js';
import { openSse } from '../../../src/api/sse.js';
import { resumeFrom } from '../../../src/api/synthesize-events.js';
import type { StepRecord } from '../../../src/engine/run-record.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const step = (stepId: string, outputs?: Record<string, unknown>): StepRecord => ({ runId: 'r', stepId, status: 'success', attempt: 1, startedAt: 0, ...(outputs ? { outputs } : {}) });
const usage = (costUsd: number, models: string[]) => ({ calls: 1, cachedCalls: 1, inputTokens: 10, outputTokens: 2, costUsd, models });

describe('usageOf', () => {
  it('sums the usage the llm actions report and skips outputs that only share the name', () => {
    const steps = [step('a', { usage: usage(0.1, ['m1']) }), step('b', { usage: 'lots' }), step('c'), step('d', { usage: usage(0.2, ['m1', 'm2']) }), step('e', { usage: { calls: 'x' } })];
    expect(usageOf(steps)).toEqual({ usage: { calls: 2, cachedCalls: 2, inputTokens: 20, outputTokens: 4, models: ['m1', 'm2'] }, cost: 0.3 });
  });
});

describe('the list cursor', () => {
  it('round-trips a position and refuses anything it did not make', () => {
    const position = { createdAt: 1_700_000_000_123, id: 'run_0abc-DEF' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    for (const bad of ['', 'bm90LWEtY3Vyc29y', Buffer.from('12.a b').toString('base64url'), Buffer.from('-1.x').toString('base64url'), Buffer.from('.x').toString('base64url')]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});

describe('resumeFrom', () => {
  const events = [
    { seq: 1, type: 'run.started' as const, data: {} },
    { seq: 2, type: 'run.completed' as const, data: {} },
  ];
  it('gives the events after the id, and the completion even when the client numbered past it', () => {
    expect(resumeFrom(events, 1).map((event) => event.seq)).toEqual([2]);
    expect(resumeFrom(events, 7)).toEqual([{ seq: 8, type: 'run.completed', data: {} }]);
  });
});

describe('an event stream whose client stops reading', () => {
  it('is closed once more than maxBufferedBytes wait, so memory stays bounded', async () => {
    let closed = 0;
    const clock = new FakeClock();
    const stream = openSse({ clock, heartbeatMs: 15_000, maxBufferedBytes: 10_000, onClose: () => closed++ });
    for (let i = 0; i < 1000; i++) stream.send({ seq: i + 1, type: 'action.event', data: { padding: 'x'.repeat(100) } });
    expect(closed).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    // What was queued before the cut is still readable; then the stream ends.
    const text = await stream.response.text();
    expect(text.length).toBeLessThan(10_000 + 64 * 1024 + 200);
    expect(text.endsWith('\n\n')).toBe(true);
  });
});
