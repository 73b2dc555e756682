/**
 * A pool of one worker thread for `diff.analyze`, so that analyzing a large diff never holds the thread that
 * answers webhooks. The worker starts on first use, is reused, restarts after a crash, and stops on `close()`.
 * Requests are answered in order; an idle worker does not keep the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { AnalyzerConfigError, type AnalyzerConfig } from '../../analysis/config.js';
import type { AnalysisReply, AnalysisRequest } from './analyze-diff-text.js';

/**
 * The diff goes to the worker in parts of this many characters, with a turn of the event loop between two
 * parts: copying a 10 MB string into a message at once holds the calling thread for 100 ms and more.
 */
const PART = 256 * 1024;

interface Pending {
  resolve(result: AnalysisResult): void;
  reject(error: Error): void;
}

export class AnalysisThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  /** Rejects with `AnalyzerConfigError` for an invalid configuration, and with `signal.reason` on abort. */
  analyze(diff: string, config: AnalyzerConfig | undefined, signal: AbortSignal): Promise<AnalysisResult> {
    if (this.closed) return Promise.reject(new Error('the analysis worker is closed'));
    if (signal.aborted) return Promise.reject(abortError(signal));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<AnalysisResult>((resolve, reject) => {
      const onAbort = (): void => {
        this.settle(id)?.reject(abortError(signal));
        // The worker may be deep in one analysis; stopping it is the only way to stop the work.
        if (this.pending.size === 0) void this.stop();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      worker.ref();
      void this.send(worker, id, diff, config);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = import.meta.url.endsWith('.ts') ? typeScriptWorker() : new Worker(new URL('./analysis-worker.js', import.meta.url));
    worker.on('message', (reply: AnalysisReply) => {
      const pending = this.settle(reply.id);
      if ('result' in reply) pending?.resolve(reply.result);
      else if ('invalidConfig' in reply) pending?.reject(new AnalyzerConfigError(reply.invalidConfig));
      else pending?.reject(new Error(`diff analysis failed in the worker thread: ${reply.error}`));
    });
    worker.on('error', (error) => this.failAll(worker, new Error(`the analysis worker crashed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.failAll(worker, new Error(`the analysis worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private async send(worker: Worker, id: number, diff: string, config: AnalyzerConfig | undefined): Promise<void> {
    const post = (request: AnalysisRequest): void => worker.postMessage(request);
    for (let at = 0; at < diff.length; at += PART) {
      if (at > 0) await new Promise((resolve) => setImmediate(resolve));
      if (!this.pending.has(id)) return post({ id, cancel: true });
      post({ id, part: diff.slice(at, at + PART) });
    }
    post({ id, end: true, ...(config ? { config } : {}) });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    return pending;
  }

  /** The worker died: every request it held fails (retryably), and the next request starts a new worker. */
  private failAll(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.failAll(worker, new Error('the analysis worker was stopped'));
    await worker.terminate();
  }
}

/**
 * Under vitest the sources are TypeScript (`dist/` is plain JS). Node 20 does not apply `--import tsx` to a
 * worker's entry module, so the worker registers tsx itself and then imports the entry.
 */
function typeScriptWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./analysis-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** The reason the step was aborted (a timeout, a cancellation), as an Error. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('the step was aborted', { cause: reason });
}
