import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { envOf, execForm, instructions, readDockerfile } from './dockerfile.js';

/**
 * The image's runtime stage as a process here: its ENTRYPOINT (tini aside: it only relays signals), its ENV and
 * its WORKDIR, with the image's folders (/app, /data, /config) mapped to folders of the test. Only PATH and HOME
 * come from outside, as in a container: no APP_ID or other credentials leak in from the machine.
 */

export interface Container {
  /** The folders standing for the image's /app, /data and /config. */
  folders: Record<'/app' | '/data' | '/config', string>;
}

const runtime = readDockerfile().at(-1)!;

export function containerPath(container: Container, path: string): string {
  for (const [inImage, here] of Object.entries(container.folders)) {
    if (path === inImage || path.startsWith(`${inImage}/`)) return here + path.slice(inImage.length);
  }
  return path;
}

/** `docker run <image> <args>`: the command, environment and folder it runs with. */
export function dockerRun(container: Container, args: string[], env: Record<string, string> = {}) {
  const entrypoint = execForm(instructions(runtime, 'ENTRYPOINT').at(-1) ?? '', 'ENTRYPOINT');
  const node = entrypoint.indexOf('node');
  if (node < 0) throw new Error(`Dockerfile ENTRYPOINT ${JSON.stringify(entrypoint)} does not start node`);
  const [, main = ''] = entrypoint.slice(node);
  const imageEnv = Object.fromEntries(Object.entries(envOf(runtime)).map(([name, value]) => [name, containerPath(container, value)]));
  return {
    command: process.execPath,
    args: [containerPath(container, main), ...args],
    cwd: containerPath(container, instructions(runtime, 'WORKDIR').at(-1) ?? '/'),
    env: { PATH: process.env.PATH ?? '', HOME: '/home/node', NO_COLOR: '1', ...imageEnv, ...env },
  };
}

export function runOnce(container: Container, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command, args: argv, cwd, env: fullEnv } = dockerRun(container, args, env);
  return new Promise((resolve) => {
    execFile(command, argv, { cwd, env: fullEnv, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export interface Running {
  child: ChildProcess;
  url: string;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a long-running command (serve, worker) and resolves once it prints the URL it listens on; a process that
 * neither listens nor exits within `timeoutMs` is killed and reported with what it printed.
 */
export async function start(container: Container, args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Running> {
  const { command, args: argv, cwd, env: fullEnv } = dockerRun(container, args, env);
  const child = spawn(command, argv, { cwd, env: fullEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} neither listened nor exited within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const listening = /listening on (http:\/\/\S+)/.exec(stderr);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    child,
    url,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
