import { EventBus } from '../../src/engine/event-bus.js';
import { createMetrics } from '../../src/metrics/metrics.js';

/**
 * The series `GET /metrics` exposes, from the real registry (`createMetrics`, Node's process metrics included)
 * after one engine event of each kind, so every labelled series has a sample: series name (histograms as
 * `_bucket`, `_sum`, `_count`) → label → the values seen.
 */
export type ExposedSeries = Map<string, Map<string, Set<string>>>;

export async function exposedSeries(): Promise<ExposedSeries> {
  const bus = new EventBus();
  const metrics = createMetrics({ bus, queueDepth: () => 2 });
  try {
    for (const [index, status] of (['success', 'failure', 'cancelled'] as const).entries()) {
      const runId = `run-${index}`;
      bus.emit('run.queued', { runId, workflow: 'pr-review', status: 'queued' });
      bus.emit('run.started', { runId, workflow: 'pr-review' });
      bus.emit('run.completed', { runId, workflow: 'pr-review', status, durationMs: 1200 });
    }
    for (const status of ['success', 'skipped', 'cancelled'] as const) {
      bus.emit('step.completed', { runId: 'run-0', stepId: 'analyze', name: 'Analyze', status, attempt: 1, durationMs: 40 });
    }
    for (const willRetry of [true, false]) {
      bus.emit('step.failed', { runId: 'run-1', stepId: 'ai', name: 'AI review', attempt: 1, error: 'boom', willRetry, durationMs: 900 });
    }
    bus.emit('action.event', { runId: 'run-0', stepId: 'ai', name: 'llm.usage', data: { model: 'openai:gpt-4.1-mini', inputTokens: 1200, outputTokens: 300, costUsd: 0.0012 } });
    for (const source of ['github', 'slack', 'jenkins']) for (const status of [202, 401, 500]) metrics.observeRequest(source, status);
    return parseExposition(await metrics.registry.metrics());
  } finally {
    metrics.close();
  }
}

/** Prometheus' text format: `name{label="value",…} sample` per line, `#` lines aside. */
export function parseExposition(text: string): ExposedSeries {
  const series: ExposedSeries = new Map();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+/.exec(line);
    if (!match) continue;
    const labels = series.get(match[1]!) ?? new Map<string, Set<string>>();
    series.set(match[1]!, labels);
    for (const [, label, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (!labels.has(label!)) labels.set(label!, new Set());
      labels.get(label!)!.add(JSON.parse(`"${value!}"`) as string);
    }
  }
  return series;
}
