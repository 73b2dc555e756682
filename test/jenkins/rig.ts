import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type ConfigInput } from '../../src/config/schema.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { TestOctokit } from '../github/helpers.js';
import { startServer, type StartedServer } from '../../src/server/start-server.js';

export interface JenkinsRig {
  runtime: Runtime;
  server: StartedServer;
  /** POSTs `body` (an object is sent as JSON) to the Jenkins webhook. */
  post(body: unknown, options?: { token?: string | null; query?: string; headers?: Record<string, string>; method?: string }): Promise<{ status: number; body: Record<string, unknown> }>;
  runs(workflow?: string): ReturnType<Runtime['store']['listRuns']>;
  close(): Promise<void>;
}

/**
 * The real composition root and server on port 0, with `workflows` (file name → YAML) loaded from a temp
 * folder beside the built-in ones. `worker: false` records runs without executing them.
 */
export async function startJenkinsRig(config: Partial<ConfigInput>, workflows: Record<string, string> = {}, options: { worker?: boolean; logger?: Logger } = {}): Promise<JenkinsRig> {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-jenkins-'));
  const workflowDir = join(dir, 'workflows');
  mkdirSync(workflowDir);
  for (const [file, text] of Object.entries(workflows)) writeFileSync(join(workflowDir, file), text);
  const parsed = configSchema.parse({ db: join(dir, 'state.db'), log: { level: 'silent' }, workflows: { dirs: [workflowDir] }, ...config });
  const runtime = await createRuntime(parsed, { logger: options.logger ?? createLogger(process.env.TEST_LOG ?? 'silent'), analysisThread: false, githubOctokit: TestOctokit });
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', worker: options.worker ?? false, envFile: join(dir, '.env') });
  const defaultToken = parsed.jenkins.webhookToken;
  return {
    runtime,
    server,
    async post(body, { token = defaultToken, query = '', headers = {}, method = 'POST' } = {}) {
      const response = await fetch(`${server.url}${parsed.jenkins.webhookPath}${query}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    runs: (workflow) => runtime.store.listRuns({ limit: 1000, ...(workflow ? { workflow } : {}) }),
    async close() {
      await server.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
