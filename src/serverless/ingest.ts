// What a Lambda container builds once, on its first event: the runtime on the shared PostgreSQL state and Redis
// queue, without a worker (the runs it records execute on `agentic-sdlc worker` processes elsewhere), and the
// webhook routes `serve` mounts, behind a loopback server.
import type { Config } from '../config/schema.js';
import { createLogger, type Logger } from '../logger.js';
import { createRuntime } from '../runtime.js';
import { webhookRoutes } from '../server/start-server.js';
import { startLoopback, type Loopback } from './loopback.js';

export interface Ingest {
  loopback: Loopback;
  logger: Logger;
  close(): Promise<void>;
}

export async function startIngest(config: Config, options: { logger?: Logger } = {}): Promise<Ingest> {
  const missing = [
    config.redisUrl ? undefined : 'REDIS_URL (the queue the workers take runs from)',
    config.databaseUrl ? undefined : 'DATABASE_URL (the PostgreSQL state the workers share)',
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `the agentic-sdlc Lambda ingest records each webhook for workers that run elsewhere, so it needs ${missing.join(' and ')}: a Lambda keeps no state between containers and executes no run; set them on the function (docs/deploy-lambda.md)`,
    );
  }
  const logger = options.logger ?? createLogger(config.log.level);
  // No analysis thread: this process records runs and never executes a step.
  const runtime = await createRuntime(config, { logger, analysisThread: false });
  try {
    const routes = webhookRoutes(runtime);
    if (routes.length === 0) {
      throw new Error(
        'the agentic-sdlc Lambda ingest has no webhook to take: configure GitHub (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET), Slack over HTTP (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, without SLACK_APP_TOKEN) or Jenkins (JENKINS_WEBHOOK_TOKEN)',
      );
    }
    if (config.slack.appToken) {
      logger.warn('SLACK_APP_TOKEN is set: Slack talks to Socket Mode, which a Lambda cannot hold open, so this function takes no Slack request; unset it here and point the Slack app at this function, or leave Slack to `serve`');
    }
    const loopback = await startLoopback(routes, logger);
    logger.info({ paths: loopback.paths }, 'Lambda ingest ready: webhooks are recorded and queued for the workers');
    return {
      loopback,
      logger,
      async close() {
        await loopback.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
