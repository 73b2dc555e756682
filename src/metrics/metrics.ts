import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventBus } from '../engine/event-bus.js';

/**
 * What `GET /metrics` shows, in Prometheus' text format: requests each integration's route answered (by source
 * and outcome), runs by workflow and status, run, step and queue-wait durations, LLM tokens and cost, queue
 * depth, and the process' own metrics. Fed by the engine's events; one registry per server, so tests and two
 * servers in one process never share counters.
 */
export interface Metrics {
  readonly registry: Registry;
  /** One answered request on an integration's route (`github`, `slack`, `jenkins`): 2xx accepted, 4xx refused, 5xx failed. */
  observeRequest(source: string, status: number): void;
  /** Stops listening to the engine's events. */
  close(): void;
}

export interface MetricsOptions {
  bus: EventBus;
  /** Runs waiting in the queue, read at each scrape. */
  queueDepth?: () => number | Promise<number>;
  now?: () => number;
  /** Node's own metrics (CPU, memory, event-loop lag, GC); off in tests that count series. */
  processMetrics?: boolean;
}

/** Runs whose queue wait is being timed; beyond this, the oldest are forgotten (a run never started, say). */
const MAX_TIMED = 10_000;
const SECONDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  const now = options.now ?? Date.now;
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'agentic_sdlc_webhooks_received_total', help: 'Requests answered on integration routes, by source and outcome.', labelNames: ['source', 'outcome'], registers: [registry] });
  const runs = new Counter({ name: 'agentic_sdlc_runs_total', help: 'Finished runs by workflow and status.', labelNames: ['workflow', 'status'], registers: [registry] });
  const runDuration = new Histogram({ name: 'agentic_sdlc_run_duration_seconds', help: 'Run duration, start to finish.', labelNames: ['workflow'], buckets: SECONDS, registers: [registry] });
  const stepDuration = new Histogram({ name: 'agentic_sdlc_step_duration_seconds', help: 'Step duration by status (one observation per attempt).', labelNames: ['status'], buckets: SECONDS, registers: [registry] });
  const queueWait = new Histogram({ name: 'agentic_sdlc_queue_wait_seconds', help: 'Time from queued to started.', buckets: SECONDS, registers: [registry] });
  const tokens = new Counter({ name: 'agentic_sdlc_llm_tokens_total', help: 'LLM tokens by model and kind (input, output).', labelNames: ['model', 'kind'], registers: [registry] });
  const cost = new Counter({ name: 'agentic_sdlc_llm_cost_usd_total', help: 'Estimated LLM cost in USD by model.', labelNames: ['model'], registers: [registry] });
  const depth = options.queueDepth;
  new Gauge({
    name: 'agentic_sdlc_queue_depth',
    help: 'Runs waiting for a worker.',
    registers: [registry],
    async collect() {
      if (depth) this.set(await depth());
    },
  });

  const queuedAt = new Map<string, number>();
  // Each process counts its own work (`meta.remote` events are another process's), so a cluster's series add
  // up; only the queue wait joins both: a run queued by a web process (relayed) and started by this worker.
  const unsubscribe = [
    options.bus.on('run.queued', ({ runId }) => {
      if (queuedAt.size >= MAX_TIMED) queuedAt.delete(queuedAt.keys().next().value!);
      if (!queuedAt.has(runId)) queuedAt.set(runId, now());
    }),
    options.bus.on('run.started', ({ runId }, meta) => {
      if (meta.remote) return;
      const at = queuedAt.get(runId);
      if (at === undefined) return;
      queuedAt.delete(runId);
      queueWait.observe((now() - at) / 1000);
    }),
    options.bus.on('run.completed', ({ workflow, status, durationMs }, meta) => {
      if (meta.remote) return;
      runs.inc({ workflow, status });
      runDuration.observe({ workflow }, durationMs / 1000);
    }),
    options.bus.on('step.completed', ({ status, durationMs }, meta) => meta.remote || stepDuration.observe({ status }, durationMs / 1000)),
    options.bus.on('step.failed', ({ durationMs, willRetry }, meta) => meta.remote || stepDuration.observe({ status: willRetry ? 'retrying' : 'failure' }, durationMs / 1000)),
    options.bus.on('action.event', ({ name, data }, meta) => {
      if (meta.remote || name !== 'llm.usage' || typeof data !== 'object' || data === null) return;
      const usage = data as { model?: unknown; inputTokens?: unknown; outputTokens?: unknown; costUsd?: unknown };
      const model = typeof usage.model === 'string' ? usage.model : 'unknown';
      if (typeof usage.inputTokens === 'number') tokens.inc({ model, kind: 'input' }, usage.inputTokens);
      if (typeof usage.outputTokens === 'number') tokens.inc({ model, kind: 'output' }, usage.outputTokens);
      if (typeof usage.costUsd === 'number' && usage.costUsd > 0) cost.inc({ model }, usage.costUsd);
    }),
  ];

  return {
    registry,
    observeRequest(source, status) {
      requests.inc({ source, outcome: status < 400 ? 'accepted' : status < 500 ? 'refused' : 'failed' });
    },
    close() {
      for (const off of unsubscribe) off();
      queuedAt.clear();
    },
  };
}
