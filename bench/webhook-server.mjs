// One webhook server for bench/webhook-ingest.mjs, in its own process: `bare` (a Probot app whose handler does
// nothing) or `agentic` (agentic-sdlc serve, web-only: it verifies, records and queues, as on the request path).
// Prints `PORT <n>`, serves until stdin closes.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Probot, createNodeMiddleware } from 'probot';
import { configSchema } from '../dist/config/schema.js';
import { createLogger } from '../dist/logger.js';
import { createRuntime } from '../dist/runtime.js';
import { startServer } from '../dist/server/start-server.js';

const SECRET = 'bench-secret';
const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

async function startAgentic() {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-'));
  const config = configSchema.parse({ db: join(dir, 'state.db'), log: { level: 'silent' }, github: { appId: 1, privateKey: PRIVATE_KEY, webhookSecret: SECRET }, jenkins: { webhookToken: 'bench-jenkins-token-0123456789' } });
  const runtime = await createRuntime(config, { logger: createLogger('silent') });
  // Web-only: the request path alone (verify, normalize, record, enqueue). Executing the recorded runs would
  // call api.github.com, which a loopback-only benchmark must not.
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', worker: false });
  return {
    port: server.address.port,
    async close() {
  await server.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startBareProbot() {
  const probot = new Probot({ appId: 1, privateKey: PRIVATE_KEY, secret: SECRET, log: createLogger('silent') });
  const middleware = await createNodeMiddleware((app) => app.on('pull_request', async () => {}), { probot });
  const server = createServer((req, res) => middleware(req, res, () => res.writeHead(404).end()));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}


const kind = process.argv[2];
const server = kind === 'bare' ? await startBareProbot() : await startAgentic();
process.stdout.write(`PORT ${server.port}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
