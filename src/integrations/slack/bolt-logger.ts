import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Bolt's logger interface over our pino logger, so Bolt's lines are JSON with the rest (its default writes to
 * the console). Bolt logs strings; they are joined, never bodies: Bolt only logs a body in developer mode,
 * which is off.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level = 'info' as LogLevel;
  const line = (parts: unknown[]) => parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => log.debug(line(parts)),
    info: (...parts: unknown[]) => log.info(line(parts)),
    warn: (...parts: unknown[]) => log.warn(line(parts)),
    error: (...parts: unknown[]) => log.error(line(parts)),
    // pino's level is configured once for the process (LOG_LEVEL); Bolt asking for another is noted only.
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
