import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinActions } from '../../src/actions/builtin.js';
import { parseAnalyzerConfig } from '../../src/analysis/config.js';
import { buildRequest, httpRequestInput, readBody } from '../../src/actions/http/exchange.js';
import { httpRequestAction } from '../../src/actions/http/request.js';
import { ActionRegistry } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import { parseAllowList } from '../../src/net/allow-list.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { step, workflow } from '../helpers/engine.js';
import { answerJson, startReceiver, type Receiver } from '../net/receiver.js';

const retry = { attempts: 3, backoff: 'fixed' as const, delayMs: 1000, maxDelayMs: 1000, jitter: false };

let receiver: Receiver | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  await receiver?.close();
  receiver = undefined;
});

/** A real engine (SQLite store, memory queue, fake clock) whose only action is `http.request` with this allowlist. */
function engineWith(allowHosts: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-http-'));
  const store = new SqliteRunStore(join(dir, 'state.db'));
  const clock = new FakeClock(true);
  const actions = new ActionRegistry().register(httpRequestAction({ allow: parseAllowList(allowHosts) }));
  const engine = new Engine({ store, queue: new MemoryQueue(2), actions, clock, random: () => 0.5 }).start();
  cleanup = async () => {
    await engine.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { engine, store, clock };
}

describe('http.request through the engine', () => {
  it('posts a JSON body with the run and step as Idempotency-Key, and returns the parsed JSON answer', async () => {
    receiver = await startReceiver(answerJson(201, { id: 7, state: 'created' }, { 'x-request-id': 'abc' }));
    const { engine, store } = engineWith(['127.0.0.1/32']);
    const with_ = { url: `${receiver.url}/tickets`, method: 'post', headers: { authorization: 'Bearer t0k' }, body: { title: 'Build failed', labels: ['ci'] } };
    const { run } = await engine.submit(workflow('notify', [step('call', 'http.request', { with: with_ })]));
    expect((await engine.waitFor(run.id)).status).toBe('success');
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/tickets', body: '{"title":"Build failed","labels":["ci"]}' });
    expect(request!.headers).toMatchObject({ 'idempotency-key': `${run.id}:call`, 'content-type': 'application/json', authorization: 'Bearer t0k' });
    const [record] = await store.getSteps(run.id);
    expect(record?.outputs).toMatchObject({ status: 201, headers: { 'x-request-id': 'abc' }, body: { id: 7, state: 'created' } });
  });

  it('retries a 503 and sends the same Idempotency-Key on every attempt', async () => {
    receiver = await startReceiver(answerJson(503, { error: 'down' }), answerJson(200, { ok: true }));
    const { engine, clock } = engineWith(['127.0.0.1']);
    const { run } = await engine.submit(workflow('flaky', [step('call', 'http.request', { with: { url: receiver.url, method: 'PUT', body: 'plain' }, retry })]));
    expect((await engine.waitFor(run.id)).status).toBe('success');
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual([`${run.id}:call`, `${run.id}:call`]);
    expect(receiver.requests[0]!.headers['content-type']).toBeUndefined();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('refuses a loopback receiver that is not on the allowlist, once, without retrying or reaching it', async () => {
    receiver = await startReceiver(answerJson(200, {}));
    const { engine, store } = engineWith([]);
    const { run } = await engine.submit(workflow('blocked', [step('call', 'http.request', { with: { url: receiver.url }, retry })]));
    expect((await engine.waitFor(run.id)).status).toBe('failure');
    const [record] = await store.getSteps(run.id);
    expect(record).toMatchObject({ attempt: 1, error: 'http.request: refused: 127.0.0.1 is a loopback address (allow it with api.callbacks.allowHosts)' });
    expect(receiver.requests).toEqual([]);
  });

  it('fails without retrying on an unexpected 404, naming the origin but not the path', async () => {
    receiver = await startReceiver(answerJson(404, { error: 'no such hook' }));
    const { engine, store } = engineWith(['127.0.0.1']);
    const { run } = await engine.submit(workflow('missing', [step('call', 'http.request', { with: { url: `${receiver.url}/services/T0/B0/s3cr3t` }, retry })]));
    expect((await engine.waitFor(run.id)).status).toBe('failure');
    const [record] = await store.getSteps(run.id);
    expect(record).toMatchObject({ attempt: 1, error: `http.request: GET ${receiver.url} answered 404, expected 2xx (list it in expect-status to accept it)` });
  });

  it('accepts the statuses expect-status lists', async () => {
    receiver = await startReceiver(answerJson(404, { error: 'absent' }));
    const { engine, store } = engineWith(['127.0.0.1']);
    const { run } = await engine.submit(workflow('probe', [step('call', 'http.request', { with: { url: receiver.url, 'expect-status': [200, 404] } })]));
    expect((await engine.waitFor(run.id)).status).toBe('success');
    const [record] = await store.getSteps(run.id);
    expect(record?.outputs).toMatchObject({ status: 404, body: { error: 'absent' } });
  });

  it('is among the builtin actions, with the allowlist the runtime passes', async () => {
    receiver = await startReceiver(answerJson(200, { ok: true }));
    const action = builtinActions({ analyzer: parseAnalyzerConfig({}), allowHosts: ['127.0.0.1'] }).find((a) => a.name === 'http.request');
    expect(action).toBeDefined();
    const input = httpRequestInput.parse({ url: receiver.url });
    const tools = { signal: new AbortController().signal, log: { debug() {}, info() {}, warn() {}, error() {} }, emit() {} };
    await expect(action!.run({ runId: 'r1', workflow: 'w', stepId: 's', attempt: 1 }, input, tools)).resolves.toMatchObject({ status: 200 });
  });
});

describe('http.request building blocks', () => {
  it('lets a workflow set its own Idempotency-Key and content type', () => {
    const input = httpRequestInput.parse({ url: 'https://x.example', method: 'POST', headers: { 'Idempotency-Key': 'mine', 'Content-Type': 'application/vnd.api+json' }, body: { a: 1 } });
    expect(buildRequest(input, 'run:step')).toEqual({
      method: 'POST',
      headers: { 'Idempotency-Key': 'mine', 'Content-Type': 'application/vnd.api+json', accept: 'application/json, text/*;q=0.9, */*;q=0.1' },
      body: '{"a":1}',
    });
  });

  it('refuses headers the transport owns and methods HTTP does not have', () => {
    expect(httpRequestInput.safeParse({ url: 'https://x.example', headers: { Host: 'internal' } }).error?.issues[0]?.message).toBe(
      'headers may not set host, content-length, transfer-encoding, connection: the request sets them itself',
    );
    expect(httpRequestInput.safeParse({ url: 'https://x.example', method: 'TRACE' }).success).toBe(false);
  });

  it('parses JSON (including +json) bodies and keeps anything else as text', () => {
    expect(readBody(Buffer.from('{"a":1}'), 'application/json; charset=utf-8')).toEqual({ a: 1 });
    expect(readBody(Buffer.from('{"a":1}'), 'application/problem+json')).toEqual({ a: 1 });
    expect(readBody(Buffer.from('{"a":'), 'application/json')).toBe('{"a":');
    expect(readBody(Buffer.from('<p>hi</p>'), 'text/html')).toBe('<p>hi</p>');
    expect(readBody(Buffer.alloc(0), 'application/json')).toBe('');
  });
});
