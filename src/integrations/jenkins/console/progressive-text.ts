import type { Clock } from '../../../engine/clock.js';
import { nonRetryable, TimeoutError } from '../../../engine/errors.js';
import { LogTail } from './log-tail.js';

export interface ConsoleRequest {
  /** A build URL already checked to be under JENKINS_URL (`buildUrlUnder`), ending in `/`. */
  buildUrl: URL;
  /** The `Authorization` header value (Basic JENKINS_USER:JENKINS_API_TOKEN); never logged nor put in errors. */
  authorization: string;
  maxBytes: number;
  signal: AbortSignal;
  clock: Clock;
  fetch: typeof fetch;
  /** Time for the whole log, polls included; what came by then is returned. */
  deadlineMs: number;
  /** Pause between two polls while Jenkins says more is coming (`X-More-Data: true`: the build still writes). */
  pollMs: number;
  maxRequests: number;
}

// A type, not an interface: action outputs are records.
export type ConsoleTail = {
  log: string;
  /** Bytes of log read, kept or not. */
  bytes: number;
  /** The head was dropped to keep `maxBytes`. */
  truncated: boolean;
  /** Jenkins said the log was whole (no `X-More-Data`) before the deadline or the request cap. */
  complete: boolean;
};

/**
 * Reads a build's console through `GET <build>/logText/progressiveText?start=<n>`: each answer carries the text
 * from `start`, the next offset (`X-Text-Size`) and, while the build is still writing, `X-More-Data: true`.
 * Streams every answer into a `LogTail`, so memory stays at `maxBytes` whatever the log's size. Redirects are
 * refused: they could carry the credentials to another host.
 */
export async function readConsoleTail(request: ConsoleRequest): Promise<ConsoleTail> {
  const tail = new LogTail(request.maxBytes);
  const deadline = request.clock.now() + request.deadlineMs;
  let start = 0;
  let complete = false;
  for (let sent = 0; sent < request.maxRequests && !complete; sent++) {
    const remaining = deadline - request.clock.now();
    if (remaining <= 0) break;
    if (sent > 0) await request.clock.sleep(Math.min(request.pollMs, remaining), request.signal);
    const timeout = new AbortController();
    const cancelTimer = request.clock.setTimer(remaining, () => timeout.abort(new TimeoutError('reading the Jenkins console', request.deadlineMs)));
    try {
      const url = new URL(`logText/progressiveText?start=${start}`, request.buildUrl);
      const response = await get(request, url, AbortSignal.any([request.signal, timeout.signal]));
      let received = 0;
      for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        tail.push(chunk);
      }
      const size = Number(response.headers.get('x-text-size'));
      start = Number.isSafeInteger(size) && size >= start ? size : start + received;
      complete = response.headers.get('x-more-data') !== 'true';
    } finally {
      cancelTimer();
    }
  }
  return { log: tail.text(), bytes: tail.total, truncated: tail.truncated, complete };
}

async function get(request: ConsoleRequest, url: URL, signal: AbortSignal): Promise<Response> {
  const where = `${url.origin}${url.pathname}`;
  let response: Response;
  try {
    response = await request.fetch(url, { headers: { authorization: request.authorization, accept: 'text/plain' }, redirect: 'error', signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`jenkins.console: GET ${where} failed: ${cause} (a redirect means JENKINS_URL is not the URL Jenkins answers on)`);
  }
  if (response.ok) return response;
  await response.body?.cancel();
  if (response.status === 401 || response.status === 403) {
    throw nonRetryable(`jenkins.console: Jenkins refused the credentials for ${where} (HTTP ${response.status}): check JENKINS_USER and JENKINS_API_TOKEN, and that the user may read this job`, 'jenkins_auth');
  }
  if (response.status === 404) throw nonRetryable(`jenkins.console: no build console at ${where} (HTTP 404): is the build URL right, and was the build deleted?`, 'jenkins_not_found');
  throw new Error(`jenkins.console: GET ${where} answered HTTP ${response.status}`);
}
