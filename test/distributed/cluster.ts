// A real cluster for distributed-mode tests: `serve` and `worker` processes (the real entry point) on a
// PostgreSQL database and a Redis prefix of their own, and a counting HTTP server their workflows call.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServe, type ServeProcess } from '../cli/serve-process.js';

export const API_TOKEN = 'cluster-test-token-0123456789abcdef';

/** One request the counting server received. */
export interface Effect {
  path: string;
  key: string;
  body: string;
  headers: Record<string, string>;
}

/** Records every request and answers 200 after `delayMs` (per path when a function), so steps are in flight long enough to be killed or cancelled mid-way. */
export async function startCounter(delayMs: number | ((path: string) => number)): Promise<{ url: string; effects: Effect[]; close(): Promise<void> }> {
  const delay = typeof delayMs === 'number' ? () => delayMs : delayMs;
  const effects: Effect[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      effects.push({ path: request.url ?? '', key: String(request.headers['idempotency-key'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), headers });
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), delay(request.url ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    effects,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Cluster {
  dir: string;
  databaseUrl: string;
  prefix: string;
  env: Record<string, string>;
  processes: ServeProcess[];
  serve(args?: string[]): Promise<ServeProcess>;
  worker(): Promise<ServeProcess>;
  /** Stops every process still running, drops the database, removes the folder. */
  close(): Promise<void>;
}

/**
 * A fresh database (dropped at the end) and Redis prefix; `workflows` are written as files the processes load.
 * The lease is short so a killed worker's runs are taken over within seconds.
 */
export async function startCluster(options: { postgresUrl: string; redisUrl: string; workflows: Record<string, string>; env?: Record<string, string> }): Promise<Cluster> {
  const id = randomBytes(5).toString('hex');
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  const database = `cluster_${id}`;
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(options.postgresUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-cluster-'));
  mkdirSync(join(dir, 'workflows'));
  for (const [name, text] of Object.entries(options.workflows)) writeFileSync(join(dir, 'workflows', name), text);
  writeFileSync(join(dir, 'agentic-sdlc.yml'), `workflows:\n  dirs: [${JSON.stringify(join(dir, 'workflows'))}]\n`);
  const prefix = `test-${id}`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redisUrl,
    AGENTIC_SDLC_REDIS_PREFIX: prefix,
    AGENTIC_SDLC_API_TOKEN: API_TOKEN,
    AGENTIC_SDLC_LEASE_MS: '2000',
    AGENTIC_SDLC_SHUTDOWN_GRACE_MS: '3000',
    AGENTIC_SDLC_CALLBACK_ALLOW_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const processes: ServeProcess[] = [];
  const config = ['--config', join(dir, 'agentic-sdlc.yml')];
  return {
    dir,
    databaseUrl,
    prefix,
    env,
    processes,
    async serve(args = []) {
      const started = await startServe(dir, env, [...config, ...args]);
      processes.push(started);
      return started;
    },
    async worker() {
      const started = await startServe(dir, env, config, 'worker');
      processes.push(started);
      return started;
    },
    async close() {
      const running = processes.filter((process) => process.child.exitCode === null && process.child.signalCode === null);
      await Promise.all(running.map((process) => process.stop('SIGKILL')));
      const cleanup = new pg.Client({ connectionString: options.postgresUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POST to the REST API with the cluster's token. */
export async function api(base: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
