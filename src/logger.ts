import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs as Probot writes them. Secret-bearing fields are redacted by configuration so that a careless
 * `log.info({ headers })` cannot leak a token.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
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
    destination as pino.DestinationStream,
  );
}
