import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../helpers/fake-clock.js';
import { startApiRig, type ApiRig } from './rig.js';
import { openSse, type Frame } from './sse-client.js';

let rig: ApiRig;
beforeAll(async () => {
  rig = await startApiRig();
});
afterAll(async () => {
  await rig.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const ids = (frames: Frame[]) => frames.map((frame) => Number(frame.id));

async function submitGated(key: string): Promise<string> {
  const { body } = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'gated', inputs: { key } } });
  await rig.held(key);
  return body.job_id as string;
}

describe('GET /api/jobs/{id}/events', () => {
  it('resumes from Last-Event-ID: the events after it, exactly once, through run.completed', async () => {
    const id = await submitGated('resume');
    const first = await openSse(`${rig.url}/api/jobs/${id}/events`, auth(rig.tokens.read));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const [a, b] = [await first.next(), await first.next()];
    expect([a?.event, b?.event]).toEqual(['run.started', 'step.started']);
    expect(ids([a!, b!])).toEqual([1, 2]);
    first.close();

    rig.release('resume');
    await rig.runtime.engine.waitFor(id);
    const second = await openSse(`${rig.url}/api/jobs/${id}/events`, { ...auth(rig.tokens.read), 'last-event-id': b!.id! });
    const rest = await second.until('run.completed');
    expect(rest.map((frame) => frame.event)).toEqual(['action.event', 'step.completed', 'step.started', 'step.completed', 'run.completed']);
    expect(ids(rest)).toEqual([3, 4, 5, 6, 7]);
    expect(rest[0]!.data).toMatchObject({ stepId: 'hold', name: 'test.held', data: { key: 'resume' } });
    expect(rest.at(-1)!.data).toMatchObject({ job_id: id, status: 'success', outputs: { said: 'done' } });
    // The server ends the stream after the completion.
    expect(await second.next()).toBeUndefined();
  });

  it('after the job ended: the whole history at once, then 204 for a client that has it all', async () => {
    const { body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { message: 'later' } } });
    const stream = await openSse(`${rig.url}/api/jobs/${body.job_id}/events`, auth(rig.tokens.read));
    const frames = await stream.until('run.completed');
    expect(frames.map((frame) => frame.event)).toEqual(['run.started', 'step.started', 'step.completed', 'run.completed']);
    expect(await stream.next()).toBeUndefined();
    const again = await fetch(`${rig.url}/api/jobs/${body.job_id}/events`, { headers: { ...auth(rig.tokens.read), 'last-event-id': frames.at(-1)!.id! } });
    expect(again.status).toBe(204);
  });

  it('answers 404 for no such job and 400 for a Last-Event-ID it did not give out', async () => {
    expect((await rig.call('GET', '/api/jobs/run_nope/events', { token: rig.tokens.read })).status).toBe(404);
    const bad = await rig.call('GET', '/api/jobs/run_nope/events', { token: rig.tokens.read, headers: { 'last-event-id': 'abc' } });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect((await rig.call('GET', '/api/jobs/run_nope/events', { token: null })).status).toBe(401);
  });
});

describe('GET /api/workflows/execute/stream', () => {
  it('starts the job and streams it to the end', async () => {
    const inputs = encodeURIComponent(JSON.stringify({ message: 'streamed' }));
    const stream = await openSse(`${rig.url}/api/workflows/execute/stream?workflow=echo&inputs=${inputs}`, auth(rig.tokens.execute));
    expect(stream.status).toBe(200);
    const frames = await stream.until('run.completed');
    expect(frames.at(-1)!.data).toMatchObject({ status: 'success', outputs: { said: 'streamed' } });
    expect(ids(frames)).toEqual([1, 2, 3, 4]);
  });

  it('needs the execute scope, and says what is wrong with the query', async () => {
    expect((await rig.call('GET', '/api/workflows/execute/stream?workflow=echo', { token: rig.tokens.read })).status).toBe(403);
    const bad = await rig.call('GET', '/api/workflows/execute/stream?workflow=echo&inputs=%7Bnot-json');
    expect(bad).toMatchObject({ status: 400, body: { issues: [{ path: ['inputs'], message: 'expected a JSON object' }] } });
    expect((await rig.call('GET', '/api/workflows/execute/stream?workflow=ecoh')).body.message).toContain('did you mean echo?');
  });
});

describe('stream lifetime', () => {
  it('sends a heartbeat comment every heartbeat interval of the injected clock', async () => {
    const clock = new FakeClock();
    const own = await startApiRig({ clock, heartbeatMs: 15_000 });
    try {
      const { body } = await own.call('POST', '/api/workflows/submit', { body: { workflow: 'gated', inputs: { key: 'beat' } } });
      await own.held('beat');
      const stream = await openSse(`${own.url}/api/jobs/${body.job_id}/events`, auth(own.tokens.read));
      expect((await stream.until('action.event')).map((frame) => frame.event)).toEqual(['run.started', 'step.started', 'action.event']);
      clock.advance(14_999);
      clock.advance(1);
      expect(await stream.next()).toEqual({ comment: 'heartbeat' });
      clock.advance(15_000);
      expect(await stream.next()).toEqual({ comment: 'heartbeat' });
      own.release('beat');
      expect((await stream.until('run.completed')).at(-1)!.event).toBe('run.completed');
      // The stream's timer went with it.
      expect(clock.pendingTimers()).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('shutdown ends an open stream cleanly, and the server closes', async () => {
    const own = await startApiRig();
    const { body } = await own.call('POST', '/api/workflows/submit', { body: { workflow: 'gated', inputs: { key: 'shutdown' } } });
    await own.held('shutdown');
    const stream = await openSse(`${own.url}/api/jobs/${body.job_id}/events`, auth(own.tokens.read));
    await stream.until('action.event');
    const closed = own.server.close();
    expect(await stream.next()).toBeUndefined();
    await closed;
    own.release('shutdown');
    await own.runtime.close();
  });
});
