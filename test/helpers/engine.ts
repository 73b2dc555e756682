import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ActionRegistry, defineAction, type AnyAction } from '../../src/engine/action.js';
import type { Clock } from '../../src/engine/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { StepError } from '../../src/engine/errors.js';
import type { StepSpec, Workflow } from '../../src/engine/workflow.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';

/** A promise the test resolves by hand, to hold a step "running" for as long as the test needs. */
type Deferred = ReturnType<typeof deferred<void>>;

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function step(id: string, uses: string, extra: Partial<StepSpec> = {}): StepSpec {
  return { id, uses, with: {}, needs: [], continueOnError: false, ...extra };
}

export function workflow(name: string, steps: StepSpec[], extra: Partial<Workflow> = {}): Workflow {
  return { name, on: { manual: true }, inputs: {}, env: {}, outputs: {}, steps, ...extra };
}

/** Steps that do what a test tells them, and remember what happened to them. */
export class Probe {
  readonly calls: { step: string; attempt: number; input: unknown }[] = [];
  readonly signals = new Map<string, AbortSignal>();
  readonly gates = new Map<string, Deferred>();
  readonly started = new Map<string, Deferred>();
  concurrent = 0;
  maxConcurrent = 0;

  gate(stepId: string) {
    const gate = deferred<void>();
    this.gates.set(stepId, gate);
    return gate;
  }

  /** Resolves when the step's action has been entered. */
  whenStarted(stepId: string): Promise<void> {
    let started = this.started.get(stepId);
    if (!started) this.started.set(stepId, (started = deferred<void>()));
    return started.promise;
  }

  actions(): AnyAction[] {
    const echo = defineAction({
      name: 'test.echo',
      description: 'returns its input as outputs, after its gate opens',
      input: z.record(z.string(), z.unknown()),
      output: z.record(z.string(), z.unknown()),
      run: async (ctx, input, { signal }) => {
        this.calls.push({ step: ctx.stepId, attempt: ctx.attempt, input });
        this.signals.set(ctx.stepId, signal);
        this.concurrent++;
        this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
        void this.whenStarted(ctx.stepId);
        this.started.get(ctx.stepId)!.resolve();
        try {
          await this.gates.get(ctx.stepId)?.promise;
        } finally {
          this.concurrent--;
        }
        return input;
      },
    });
    const fail = defineAction({
      name: 'test.fail',
      description: 'fails `times` times, then succeeds',
      input: z.object({ times: z.number().default(Infinity), retryable: z.boolean().default(true) }),
      output: z.object({ attempts: z.number() }),
      run: (ctx, input) => {
        this.calls.push({ step: ctx.stepId, attempt: ctx.attempt, input });
        const made = this.calls.filter((call) => call.step === ctx.stepId).length;
        if (made <= input.times) {
          return Promise.reject(new StepError(`planned failure ${made}`, { retryable: input.retryable }));
        }
        return Promise.resolve({ attempts: made });
      },
    });
    const hang = defineAction({
      name: 'test.hang',
      description: 'waits until aborted',
      input: z.object({}).passthrough(),
      output: z.object({}),
      run: (ctx, _input, { signal }) => {
        this.calls.push({ step: ctx.stepId, attempt: ctx.attempt, input: _input });
        this.signals.set(ctx.stepId, signal);
        void this.whenStarted(ctx.stepId);
        this.started.get(ctx.stepId)!.resolve();
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    });
    return [echo, fail, hang];
  }
}

export interface TestEngine {
  engine: Engine;
  store: SqliteRunStore;
  probe: Probe;
  cleanup(): Promise<void>;
}

export function createTestEngine(
  options: {
    clock?: Clock;
    secrets?: Record<string, string>;
    integrations?: Record<string, boolean>;
    maxParallelSteps?: number;
    concurrency?: number;
    /** Besides the probe's `test.*` actions. */
    actions?: AnyAction[];
    /**
     * Default a day: tests that jump a fake clock by minutes would otherwise see their own run's lease run out
     * between two renewals (a real clock never jumps); lease behaviour has tests of its own.
     */
    leaseMs?: number;
  } = {},
): TestEngine {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-test-'));
  const store = new SqliteRunStore(join(dir, 'state.db'));
  const probe = new Probe();
  const engine = new Engine({
    store,
    queue: new MemoryQueue(options.concurrency ?? 4),
    actions: new ActionRegistry().register(...probe.actions(), ...(options.actions ?? [])),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.integrations ? { integrations: options.integrations } : {}),
    maxParallelSteps: options.maxParallelSteps ?? 4,
    random: () => 0.5,
    leaseMs: options.leaseMs ?? 24 * 3600_000,
  }).start();
  return {
    engine,
    store,
    probe,
    async cleanup() {
      await engine.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
