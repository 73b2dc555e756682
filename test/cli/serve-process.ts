// `agentic-sdlc serve` as a user starts it: the real entry point in a child process, in a folder of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');
const TSX = import.meta.resolve('tsx');

export interface ServeProcess {
  child: ChildProcess;
  /** The base URL from the "listening on" line. */
  url: string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The JSON log lines written so far. */
  logs(): Record<string, unknown>[];
  /** Sends `signal` and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `command`: `serve` or `worker` (both print a "listening on" line once they answer). */
export async function startServe(cwd: string, env: Record<string, string>, args: string[] = [], command: 'serve' | 'worker' = 'serve'): Promise<ServeProcess> {
  // Only what the test gives: no APP_ID, LOG_LEVEL, ... from the environment the tests run in.
  const child = spawn(process.execPath, ['--import', TSX, MAIN, command, '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const listening = /listening on (http:\/\/\S+)/.exec(stderr);
      if (listening) resolve(listening[1]!);
    });
    void exited.then((code) => reject(new Error(`${command} exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    child,
    url,
    stderr: () => stderr,
    logs: () =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}
