import type { Redis } from 'ioredis';

/**
 * The small waits the event relay needs around ioredis connections, each bounded so that neither a start
 * nor a shutdown can hang on a Redis that does not answer.
 */

/** Resolves once `connection` is ready (it retries by itself meanwhile); rejects if it is closed for good. */
export function whenReady(connection: Redis): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => (connection.off('end', onEnd), resolve());
    const onEnd = () => (connection.off('ready', onReady), reject(new Error('the connection was closed')));
    connection.once('ready', onReady);
    connection.once('end', onEnd);
  });
}

/** QUIT (so commands already sent get through) when connected, within a second; then the socket is closed for sure. */
export async function shut(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await withTimeout(connection.quit(), 1_000).catch(() => undefined);
  connection.disconnect();
}

/** `promise`, or a rejection naming the wait after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // The loser must not become an unhandled rejection (a command rejected once its connection is closed).
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The last error a connection reported (ioredis emits one per failed attempt), for messages that explain a wait. */
export function trackLastError(connection: Redis): () => string | undefined {
  let last: string | undefined;
  // Also keeps ioredis from printing every retry's error: failures surface as drops and rejections instead.
  connection.on('error', (error: Error) => (last = error.message));
  return () => last;
}
