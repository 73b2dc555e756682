import type { EventBus } from '../engine/event-bus.js';
import { stderrLine, type StatusLine } from './status-line.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Live progress on stderr: a line per finished step with status and duration, and on a TTY a spinner
 * naming the steps still running. stdout stays clean for the report or `--json`.
 * A step that succeeds without doing its work says so with an action event, `{ reason }` as data:
 * `step.skipped` (nothing to do: no provider configured) shows as skipped, `step.degraded` (its work failed
 * and a fallback result stands: the provider did not answer) shows as failed; both with the reason.
 */
export function showProgress(bus: EventBus, runId: () => string | undefined, out: StatusLine = stderrLine): () => void {
  const tty = out.tty;
  const running = new Map<string, string>();
  let frame = 0;

  // The spinner is `out`'s status line: log lines written through `out` while it shows go above it.
  const clearSpinner = () => out.show(undefined);
  const drawSpinner = () => out.show(tty && running.size > 0 ? `${FRAMES[frame++ % FRAMES.length]} ${[...running.values()].join(', ')}` : undefined);
  const line = (text: string) => {
    out.write(`${text}\n`);
    drawSpinner();
  };
  const mine = (id: string) => id === runId();
  const notices = new Map<string, { name: string; reason: string }>();

  const offs = [
    bus.on('step.started', (e) => {
      if (!mine(e.runId)) return;
      running.set(e.stepId, e.name);
      drawSpinner();
    }),
    bus.on('step.completed', (e) => {
      if (!mine(e.runId)) return;
      running.delete(e.stepId);
      const notice = notices.get(e.stepId);
      notices.delete(e.stepId);
      if (e.status === 'skipped') line(`- ${e.name} (skipped)`);
      else if (notice?.name === 'step.skipped') line(`- ${e.name} (skipped: ${notice.reason})`);
      else if (notice?.name === 'step.degraded') line(`✗ ${e.name} ${formatDuration(e.durationMs)}: ${notice.reason}`);
      else line(`✓ ${e.name} ${formatDuration(e.durationMs)}`);
    }),
    bus.on('action.event', (e) => {
      if (!mine(e.runId) || (e.name !== 'step.skipped' && e.name !== 'step.degraded')) return;
      const reason = (e.data as { reason?: unknown } | undefined)?.reason;
      notices.set(e.stepId, { name: e.name, reason: typeof reason === 'string' ? reason : 'no reason given' });
    }),
    bus.on('step.failed', (e) => {
      if (!mine(e.runId)) return;
      running.delete(e.stepId);
      notices.delete(e.stepId);
      line(`✗ ${e.name} ${formatDuration(e.durationMs)}: ${e.error}${e.willRetry ? ` (attempt ${e.attempt}, retrying)` : ''}`);
    }),
  ];
  const timer = tty ? setInterval(drawSpinner, 80) : undefined;
  timer?.unref();
  return () => {
    if (timer) clearInterval(timer);
    clearSpinner();
    for (const off of offs) off();
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
