import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActionRegistry, defineAction } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import { StepError } from '../../src/engine/errors.js';
import { EventBus, type EngineEvents } from '../../src/engine/event-bus.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { step, workflow } from '../helpers/engine.js';

// A secret with a quote and a backslash, so its JSON- and Markdown-escaped forms differ from it.
const TOKEN = 'pa"ss\\word-Zq81';
const OTHER = 'hunter2-hunter2';
const SECRETS = { TOKEN, OTHER };

/** Every form in which a configured secret must never leave the engine. */
function forbiddenForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    secret.replace(/[!-/:-@[-`{-~]/g, '\\$&'), // Markdown-escaped
    encodeURIComponent(secret),
    Buffer.from(`bot:${secret}`).toString('base64'), // an `Authorization: Basic` header
  ];
}

const secretInput = z.object({ secret: z.string() });

/** Puts its secret in every place an action can: a log line and its data, an event, output keys and values. */
const leak = defineAction({
  name: 'test.leak',
  description: 'spreads its secret around',
  input: secretInput,
  output: z.record(z.string(), z.unknown()),
  run: (_ctx, { secret }, tools) => {
    tools.log.info(`logging in with ${secret}`, { [secret]: secret, header: `Basic ${Buffer.from(`bot:${secret}`).toString('base64')}` });
    tools.emit('login', { token: secret });
    return Promise.resolve({
      [secret]: 'a secret as a key',
      json: JSON.stringify({ token: secret }),
      markdown: `\`${secret.replace(/[!-/:-@[-`{-~]/g, '\\$&')}\``,
      url: `https://example.test/?token=${encodeURIComponent(secret)}`,
    });
  },
});

/** What test.boom was given, as the action saw it. */
const received: string[] = [];

const boom = defineAction({
  name: 'test.boom',
  description: 'fails, quoting its secret',
  input: secretInput,
  output: z.object({}),
  run: (_ctx, { secret }) => (received.push(secret), Promise.reject(new StepError(`login refused for ${secret}`, { retryable: false }))),
});

const hang = defineAction({
  name: 'test.wait',
  description: 'waits until aborted',
  input: z.object({}),
  output: z.object({}),
  run: (_ctx, _input, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
});

let dir: string;
let store: SqliteRunStore;
let engine: Engine;
const events: { name: string; payload: unknown }[] = [];

function start(): void {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-secrets-'));
  store = new SqliteRunStore(join(dir, 'state.db'));
  const bus = new EventBus();
  const names: (keyof EngineEvents)[] = ['run.queued', 'run.started', 'run.completed', 'step.started', 'step.completed', 'step.failed', 'log', 'action.event'];
  for (const name of names) bus.on(name, (payload) => events.push({ name, payload }));
  engine = new Engine({ store, bus, queue: new MemoryQueue(2), actions: new ActionRegistry().register(leak, boom, hang), secrets: SECRETS }).start();
}

/** The bytes of the state database and its -wal/-shm files, as they are on disk. */
function stateFileBytes(): Buffer {
  return Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file))));
}

function expectNoSecretIn(bytes: Buffer | string, where: string): void {
  const haystack = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  for (const secret of Object.values(SECRETS)) {
    for (const form of forbiddenForms(secret)) expect(haystack.includes(form), `${where} holds ${JSON.stringify(form)}`).toBe(false);
  }
}

afterEach(async () => {
  events.length = 0;
  received.length = 0;
  await engine.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('configured secrets never leave the engine', () => {
  it('masks run outputs, step outputs and their keys, logs, events and errors, and the state file holds no secret bytes', async () => {
    start();
    const wf = workflow(
      'leaky',
      [
        step('leak', 'test.leak', { with: { secret: '${{ secrets.TOKEN }}' } }),
        step('boom', 'test.boom', { with: { secret: '${{ secrets.OTHER }}' }, continueOnError: true }),
        // JSON.parse quotes its input in its error: `fromJSON` of a secret fails the step with the secret in the message.
        step('crash', 'test.boom', { with: { secret: '${{ fromJSON(secrets.TOKEN) }}' }, continueOnError: true }),
      ],
      {
        outputs: {
          raw: '${{ secrets.TOKEN }}',
          all: '${{ secrets }}',
          json: '${{ toJSON(secrets) }}',
          nested: '${{ toJSON(toJSON(secrets)) }}',
          leaked: '${{ steps.leak.outputs }}',
        },
      },
    );
    const { run } = await engine.submit(wf);
    const done = await engine.waitFor(run.id);

    expect(done.status).toBe('success');
    expect(done.outputs).toMatchObject({ raw: '***', all: { TOKEN: '***', OTHER: '***' }, json: '{\n  "TOKEN": "***",\n  "OTHER": "***"\n}' });
    expect(done.outputs!.leaked).toMatchObject({ '***': 'a secret as a key', json: '{"token":"***"}', markdown: '`***`', url: 'https://example.test/?token=***' });
    const steps = await store.getSteps(run.id);
    expect(steps.find((s) => s.stepId === 'boom')?.error).toBe('login refused for ***');
    expect(steps.find((s) => s.stepId === 'crash')?.error).toContain('"***" is not valid JSON');
    const log = events.find((e) => e.name === 'log')?.payload;
    expect(log).toMatchObject({ message: 'logging in with ***', data: { '***': '***' } });
    expect(events.find((e) => e.name === 'action.event')?.payload).toMatchObject({ name: 'login', data: { token: '***' } });
    expect(events.filter((e) => e.name === 'step.failed').map((e) => (e.payload as { error: string }).error)).toHaveLength(2);

    expectNoSecretIn(JSON.stringify(events), 'an event');
    expectNoSecretIn(JSON.stringify(done), 'the run record');
    expectNoSecretIn(stateFileBytes(), 'the open state database');
    await store.close();
    expectNoSecretIn(stateFileBytes(), 'the closed state database');
  });

  it('masks a run error raised while evaluating the outputs', async () => {
    start();
    const wf = workflow('bad-outputs', [step('noop', 'test.leak', { with: { secret: 'nothing' } })], {
      outputs: { parsed: '${{ fromJSON(secrets.TOKEN) }}' },
    });
    const { run } = await engine.submit(wf);
    const done = await engine.waitFor(run.id);

    expect(done).toMatchObject({ status: 'failure', error: expect.stringContaining('"***" is not valid JSON') });
    expect(events.find((e) => e.name === 'run.completed')?.payload).toMatchObject({ error: done.error });
    await store.close();
    expectNoSecretIn(stateFileBytes(), 'the state database');
  });

  it('masks a step input before shortening it for storage, so a cut cannot keep half a secret', async () => {
    start();
    const padding = 'x'.repeat(4090); // stored strings are cut at 4096 characters
    const wf = workflow('long-input', [step('long', 'test.boom', { with: { secret: `${padding}\${{ secrets.TOKEN }}` } })]);
    const { run } = await engine.submit(wf);
    await engine.waitFor(run.id);

    const [stored] = await store.getSteps(run.id);
    expect(stored?.input).toEqual({ secret: `${padding}***` });
    await store.close();
    expect(stateFileBytes().includes(TOKEN.slice(0, 5))).toBe(false);
  });

  it('gives later steps the masked outputs of earlier ones, the same as a resumed run reads back from the store', async () => {
    start();
    const wf = workflow('chained', [
      step('leak', 'test.leak', { with: { secret: '${{ secrets.TOKEN }}' } }),
      step('next', 'test.boom', { with: { secret: '${{ steps.leak.outputs.json }}' }, needs: ['leak'] }),
    ]);
    const { run } = await engine.submit(wf);
    await engine.waitFor(run.id);

    expect(received).toEqual(['{"token":"***"}']);
  });

  it('masks a cancel reason that quotes a secret, in the stored run and the event', async () => {
    start();
    const wf = workflow('cancelled', [step('wait', 'test.wait')]);
    const { run } = await engine.submit(wf);
    await new Promise<void>((resolve) => {
      const off = engine.bus.on('step.started', () => (off(), resolve()));
    });
    const done = await engine.cancel(run.id, `revoked ${OTHER}`);

    expect(done).toMatchObject({ status: 'cancelled', error: 'revoked ***' });
    expect(events.find((e) => e.name === 'run.completed')?.payload).toMatchObject({ error: 'revoked ***' });
    expect(events.find((e) => e.name === 'step.failed')?.payload).toMatchObject({ error: 'revoked ***' });
    await store.close();
    expectNoSecretIn(stateFileBytes(), 'the state database');
  });
});
