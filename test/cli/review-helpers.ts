import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small diff: one new file with an AWS key (error), a debug leftover (warning) and a conflict marker (error). */
export function plantedDiff(): string {
  return [
    'diff --git a/src/planted.ts b/src/planted.ts',
    'new file mode 100644',
    'index 0000000..1111111',
    '--- /dev/null',
    '+++ b/src/planted.ts',
    '@@ -0,0 +1,5 @@',
    "+export const region = 'us-east-1';",
    "+const awsKey = 'AKIAZ3MS5TQ4HUPV7RWQ';",
    '+console.log(awsKey);',
    '+<<<<<<< HEAD',
    '+export default region;',
    '',
  ].join('\n');
}

/** A diff no offline rule objects to. */
export function cleanDiff(): string {
  return [
    'diff --git a/src/sum.ts b/src/sum.ts',
    'new file mode 100644',
    'index 0000000..2222222',
    '--- /dev/null',
    '+++ b/src/sum.ts',
    '@@ -0,0 +1,3 @@',
    '+export function sum(a: number, b: number): number {',
    '+  return a + b;',
    '+}',
    '',
  ].join('\n');
}

/** A config file that makes provider failures quick: no retry (or `retries`), no response cache. */
export function llmConfigFile(dir: string, retries = 0): string {
  const file = join(dir, `llm-${retries}.yaml`);
  writeFileSync(file, ['llm:', `  retry: { maxRetries: ${retries} }`, '  cache: { backend: "off" }', ''].join('\n'));
  return file;
}

export interface FakeProvider {
  /** `http://127.0.0.1:<port>/v1`, for OPENAI_BASE_URL. */
  baseURL: string;
  requests: number;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible server on a local port answering every request with `status` and `body` (the CLI
 * runs in a child process, where nock cannot reach).
 */
export async function fakeOpenAi(status: number, body: unknown, headers: Record<string, string> = {}): Promise<FakeProvider> {
  const provider = { requests: 0 } as FakeProvider;
  const server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on('end', () => {
      provider.requests++;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    });
  });
  await listen(server);
  provider.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  provider.close = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}

/** A base URL on which nothing listens: the port of a server that was just closed. */
export async function refusedBaseURL(): Promise<string> {
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}
