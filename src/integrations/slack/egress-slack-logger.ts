import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from 'pino';

/**
 * The logger `WebClient` writes to. Its debug and info lines (request bodies, "will retry") are dropped: the
 * client logs what matters itself. Warnings (deprecations, response warnings) go to pino as plain strings,
 * under `slack-web-api`.
 */
export function quietSlackLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'slack-web-api' });
  const line = (parts: unknown[]) => parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => log.warn(line(parts)),
    error: (...parts: unknown[]) => log.error(line(parts)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}
