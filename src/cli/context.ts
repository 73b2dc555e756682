import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logger.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { stderrLine } from './status-line.js';

export interface GlobalOptions {
  db?: string;
  config?: string;
  verbose?: boolean;
}

/**
 * Builds the runtime for one CLI invocation. Logs stay quiet unless `--verbose`: the CLI speaks for itself.
 * They go to stderr through the progress display's status line, so on a TTY they never split the spinner.
 * Diffs are analyzed on this thread: nothing else waits on it (`serve` builds its own runtime, with the worker).
 */
export async function openRuntime(options: GlobalOptions): Promise<Runtime> {
  const config = loadConfig({
    ...(options.config ? { file: options.config } : {}),
    overrides: [{ path: ['db'], value: options.db }],
  });
  const level = options.verbose ? 'debug' : 'warn';
  return createRuntime({ ...config, log: { level } }, { logger: createLogger(level, stderrLine), analysisThread: false });
}

/** Runs `fn` with a runtime and always closes it, so the SQLite file is left consistent. */
export async function withRuntime<T>(options: GlobalOptions, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(options);
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}
