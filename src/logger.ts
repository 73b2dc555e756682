import { pino, type Logger } from 'pino';

export type { Logger };

/** Where log lines go: stderr, or anything with `write`, such as the CLI's status line (src/cli/status-line.ts). */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * JSON logs as Probot writes them. Secret-bearing fields are redacted by configuration so that a careless
 * `log.info({ headers })` cannot leak a token.
 */
export function createLogger(level: string, destination: LogDestination = process.stderr): Logger {
  return pino(
    {
      level,
      // `app`, not `name`: Probot sets `name` on its child loggers, and pino would repeat the key.
      base: { app: 'agentic-sdlc' },
      redact: {
        paths: [
          'secrets',
          '*.secrets',
          'headers.authorization',
          '*.headers.authorization',
          'headers["x-hub-signature-256"]',
          'privateKey',
          'token',
          '*.token',
          'apiKey',
          '*.apiKey',
        ],
        censor: '***',
      },
    },
    destination,
  );
}
