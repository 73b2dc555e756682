// The AWS Lambda entry point, `dist/serverless/lambda.handler`: each API Gateway HTTP API or function URL event
// goes through the webhook routes `serve` mounts (signature or token checked, body bounded, one durable run per
// delivery), and is answered only once its run is recorded in PostgreSQL and queued on Redis.
import { loadConfig } from '../config/load-config.js';
import type { Logger } from '../logger.js';
import { jsonResult, requestOf, resultOf, type HttpApiResult } from './http-api-event.js';
import { startIngest, type Ingest } from './ingest.js';

export interface LambdaIngestOptions {
  /** Where the configuration is read from (default: the process environment and its working directory, /var/task). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
}

export interface LambdaIngest {
  /** Builds the runtime and routes now rather than on the first event (what the Lambda init phase does). */
  start(): Promise<void>;
  handler(event: unknown): Promise<HttpApiResult>;
  /** Closes the loopback server and the runtime (tests; a Lambda container is simply frozen, then dropped). */
  close(): Promise<void>;
}

/**
 * Builds nothing until `start` or the first event: then the configuration is read and the runtime and routes are
 * built once, for every later event of the container. A failed start (a missing REDIS_URL, PostgreSQL unreachable)
 * fails that event, naming the fix, and the next event tries again.
 */
export function createLambdaIngest(options: LambdaIngestOptions = {}): LambdaIngest {
  let started: Promise<Ingest> | undefined;
  const ingest = (): Promise<Ingest> => {
    started ??= Promise.resolve()
      .then(() => startIngest(loadConfig({ ...(options.env ? { env: options.env } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) }), options.logger ? { logger: options.logger } : {}))
      .catch((error: unknown) => {
        started = undefined;
        throw error;
      });
    return started;
  };
  return {
    async start() {
      await ingest();
    },
    async handler(event) {
      const request = requestOf(event);
      const { loopback, logger } = await ingest();
      try {
        return resultOf(await loopback.send(request));
      } catch (error) {
        logger.error({ err: error, method: request.method, path: request.url.split('?')[0] }, 'the webhook could not be passed to its route');
        return jsonResult(502, { error: 'the webhook could not be passed to its handler; the cause is in the function log' });
      }
    },
    async close() {
      const current = started;
      started = undefined;
      await (await current?.catch(() => undefined))?.close();
    },
  };
}

const lambdaIngest = createLambdaIngest();

// On Lambda, built during the init phase, which provisioned concurrency runs before any request arrives: Slack
// wants its answer within 3 s, and loading and connecting everything takes about as long. A failure does not fail
// the import: the first event tries again, and fails naming the fix.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
  await lambdaIngest.start().catch((error: unknown) => process.stderr.write(`agentic-sdlc Lambda ingest did not start: ${(error as Error).message}\n`));
}

/** What the Lambda runtime calls (`Handler: dist/serverless/lambda.handler`). */
export const handler = (event: unknown): Promise<HttpApiResult> => lambdaIngest.handler(event);
