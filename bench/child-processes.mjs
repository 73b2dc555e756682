// Child processes for the benchmarks (agentic-sdlc workers, raw BullMQ workers): started, waited for until
// they say they are ready, and always ended: by `stop`, or with SIGKILL when the bench process exits first.
// Also `closeAll`, which runs every clean-up step of a backend even when one of them fails.
import { spawn } from 'node:child_process';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
/** Only the end of a child's stderr is kept: enough to say why it failed, bounded however much it logs. */
const STDERR_KEPT = 4_000;

const running = new Set();
// Synchronous, as 'exit' handlers must be: a bench that throws or is interrupted leaves no worker behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Runs `node <args>` with only `env` (and PATH), and resolves once a line of its stderr matches `ready`; rejects
 * (the child killed) if it exits or stays silent for READY_TIMEOUT_MS first. `name` says which child in errors.
 */
export async function startChild(name, args, { env, cwd, ready }) {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => (running.delete(child), resolve(signal ?? code))));
  // Read to the end even once ready, so a chatty child never blocks on a full pipe.
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT)));
  const stop = async () => {
    if (!running.has(child)) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const ended = await exited;
    clearTimeout(timer);
    return ended;
  };
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not say it was ready within ${READY_TIMEOUT_MS / 1000} s; its stderr:\n${stderr}`)), READY_TIMEOUT_MS);
      const listen = () => {
        if (!ready.test(stderr)) return;
        clearTimeout(timer);
        child.stderr.off('data', listen);
        resolve();
      };
      child.stderr.on('data', listen);
      void exited.then((how) => (clearTimeout(timer), reject(new Error(`${name} exited (${how}) before it was ready; its stderr:\n${stderr}`))));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, stop, stderr: () => stderr };
}

/** Runs every step (last opened first), each even if another failed; then throws the first failure, if any. */
export async function closeAll(steps) {
  let failure;
  for (const step of [...steps].reverse()) {
    try {
      await step();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}
