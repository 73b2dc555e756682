import type { EventBus } from '../engine/event-bus.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Live progress on stderr: a line per finished step with status and duration, and on a TTY a spinner
 * naming the steps still running. stdout stays clean for the report or `--json`.
 */
export function showProgress(bus: EventBus, runId: () => string | undefined, out: NodeJS.WriteStream = process.stderr): () => void {
  const tty = out.isTTY === true;
  const running = new Map<string, string>();
  let frame = 0;
  let spinnerShown = false;

  const clearSpinner = () => {
    if (spinnerShown) {
      out.write('\r\x1b[2K');
      spinnerShown = false;
    }
  };
  const drawSpinner = () => {
    if (!tty || running.size === 0) return;
    clearSpinner();
    out.write(`${FRAMES[frame++ % FRAMES.length]} ${[...running.values()].join(', ')}`);
    spinnerShown = true;
  };
  const line = (text: string) => {
    clearSpinner();
    out.write(`${text}\n`);
    drawSpinner();
  };
  const mine = (id: string) => id === runId();

  const offs = [
    bus.on('step.started', (e) => {
      if (!mine(e.runId)) return;
      running.set(e.stepId, e.name);
      drawSpinner();
    }),
    bus.on('step.completed', (e) => {
      if (!mine(e.runId)) return;
      running.delete(e.stepId);
      line(e.status === 'skipped' ? `- ${e.name} (skipped)` : `✓ ${e.name} ${formatDuration(e.durationMs)}`);
    }),
    bus.on('step.failed', (e) => {
      if (!mine(e.runId)) return;
      running.delete(e.stepId);
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
