// The real composition root and server on port 0, with a temp database, a tiny workflow folder and test actions
// that hold a step open until the test releases it.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createTokenStore, issueToken } from '../../../src/api/auth/index.js';
import { configSchema } from '../../../src/config/schema.js';
import { ActionRegistry, defineAction } from '../../../src/engine/action.js';
import type { Clock } from '../../../src/engine/clock.js';
import { CancelledError } from '../../../src/engine/errors.js';
import { createLogger } from '../../../src/logger.js';
import { createRuntime, type Runtime } from '../../../src/runtime.js';
import { startServer, type StartedServer } from '../../../src/server/start-server.js';
import { deferred } from '../../helpers/engine.js';

export const BOOTSTRAP_TOKEN = 'bootstrap-token-for-the-api-tests-0123456789';

export const WORKFLOWS: Record<string, string> = {
  'echo.yml': `
name: echo
on: { api: true }
inputs:
  message: { type: string, required: true }
steps:
  - id: say
    uses: test.echo
    with:
      message: \${{ inputs.message }}
outputs:
  said: \${{ steps.say.outputs.message }}
`,
  // Held at its first step until the test calls release(key).
  'gated.yml': `
name: gated
on: { api: true }
inputs:
  key: { type: string, default: g }
steps:
  - id: hold
    uses: test.gate
    with:
      key: \${{ inputs.key }}
  - id: after
    uses: test.echo
    with: { message: done }
outputs:
  said: \${{ steps.after.outputs.message }}
`,
  'usage.yml': `
name: usage
on: { api: true }
steps:
  - id: first
    uses: test.usage
    with: { inputTokens: 1000, outputTokens: 200, costUsd: 0.0125, model: 'openai:gpt-test' }
  - id: second
    uses: test.usage
    with: { inputTokens: 500, outputTokens: 50, costUsd: 0.0025, model: 'anthropic:claude-test' }
`,
  'failing.yml': `
name: failing
on: { api: true }
steps:
  - id: boom
    uses: test.fail
`,
  'cli-only.yml': `
name: cli-only
on: { manual: true }
steps:
  - id: say
    uses: test.echo
    with: { message: hi }
`,
};

export interface ApiRig {
  runtime: Runtime;
  server: StartedServer;
  url: string;
  /** `execute` and `read` tokens from the token store. */
  tokens: { execute: string; read: string };
  /** Lets the `gated` workflow's step with this key finish. */
  release(key: string): void;
  /** Resolves once a `gated` step with this key is running. */
  held(key: string): Promise<void>;
  /** Sends `method path` with the execute token (or `token`), JSON in and out. */
  call(method: string, path: string, options?: { body?: unknown; token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export interface RigOptions {
  clock?: Clock;
  heartbeatMs?: number;
  api?: Record<string, unknown>;
  server?: Record<string, unknown>;
}

export async function startApiRig(options: RigOptions = {}): Promise<ApiRig> {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-api-'));
  const workflowDir = join(dir, 'workflows');
  mkdirSync(workflowDir);
  for (const [name, text] of Object.entries(WORKFLOWS)) writeFileSync(join(workflowDir, name), text);
  const gates = new Map<string, ReturnType<typeof deferred<void>>>();
  const started = new Map<string, ReturnType<typeof deferred<void>>>();
  const gate = (map: typeof gates, key: string) => {
    if (!map.has(key)) map.set(key, deferred<void>());
    return map.get(key)!;
  };
  const actions = new ActionRegistry().register(
    defineAction({
      name: 'test.echo',
      description: 'returns its message',
      input: z.object({ message: z.string() }),
      output: z.object({ message: z.string() }),
      run: (_ctx, input) => Promise.resolve({ message: input.message }),
    }),
    defineAction({
      name: 'test.gate',
      description: 'waits until the test releases its key, or the step is cancelled',
      input: z.object({ key: z.string() }),
      output: z.object({ key: z.string() }),
      async run(_ctx, input, tools) {
        tools.emit('test.held', { key: input.key });
        gate(started, input.key).resolve();
        await new Promise<void>((resolve, reject) => {
          if (tools.signal.aborted) return reject(new CancelledError());
          tools.signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
          void gate(gates, input.key).promise.then(resolve);
        });
        return { key: input.key };
      },
    }),
    defineAction({
      name: 'test.usage',
      description: 'reports model usage the way the llm.* actions do',
      input: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number(), model: z.string() }),
      output: z.object({ usage: z.record(z.string(), z.unknown()) }),
      run: (_ctx, input) =>
        Promise.resolve({ usage: { calls: 1, cachedCalls: 0, inputTokens: input.inputTokens, outputTokens: input.outputTokens, costUsd: input.costUsd, models: [input.model] } }),
    }),
    defineAction({
      name: 'test.fail',
      description: 'always fails',
      input: z.object({}),
      output: z.object({}),
      run: () => Promise.reject(new Error('the step failed on purpose')),
    }),
  );
  const config = configSchema.parse({
    db: join(dir, 'state.db'),
    log: { level: 'silent' },
    workflows: { dirs: [workflowDir] },
    api: { bootstrapToken: BOOTSTRAP_TOKEN, ...options.api },
    ...(options.server ? { server: options.server } : {}),
  });
  const tokenStore = await createTokenStore(config);
  const execute = (await issueToken(tokenStore, { name: 'tests-execute', scope: 'execute', now: Date.now() })).token;
  const read = (await issueToken(tokenStore, { name: 'tests-read', scope: 'read', now: Date.now() })).token;
  await tokenStore.close();
  const runtime = await createRuntime(config, { logger: createLogger(process.env.TEST_LOG ?? 'silent'), actions, analysisThread: false });
  const server = await startServer(runtime, {
    port: 0,
    host: '127.0.0.1',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  return {
    runtime,
    server,
    url: server.url,
    tokens: { execute, read },
    release: (key) => gate(gates, key).resolve(),
    held: (key) => gate(started, key).promise,
    async call(method, path, callOptions = {}) {
      const token = callOptions.token === undefined ? execute : callOptions.token;
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(callOptions.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...callOptions.headers,
        },
        ...(callOptions.body !== undefined ? { body: typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
    },
    async close() {
      for (const held of gates.values()) held.resolve();
      await server.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
