import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type StartedServer } from '../../src/server/start-server.js';
import { example, PRIVATE_KEY, WEBHOOK_SECRET } from '../github/helpers.js';

/** Every log line the server writes, parsed. */
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let dir: string;
let runtime: Runtime;
let server: StartedServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-logs-'));
  const config = configSchema.parse({ db: join(dir, 'state.db'), github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: WEBHOOK_SECRET } });
  runtime = await createRuntime(config, { logger: createLogger('info', sink) });
  server = await startServer(runtime, { port: 0, host: '127.0.0.1', worker: false });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('what the server logs about refused webhooks', () => {
  it('a bad or missing signature logs one warn line, without a stack or the body', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const wrong = `sha256=${createHmac('sha256', 'not the secret').update(body).digest('hex')}`;
    for (const signature of [{ 'x-hub-signature-256': wrong }, {}] as Record<string, string>[]) {
      lines.length = 0;
      const response = await fetch(`${server.url}/api/github/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'logged', ...signature },
        body,
      });
      expect(lines.map((line) => line.level)).toEqual([40]);
      expect(JSON.stringify(lines[0])).not.toMatch(/stack|"err"|Codertocat/);
      expect(lines[0]!.msg).toMatch(/^webhook refused: /);
      expect(response.status).toBe(401);
    }
  });
});
