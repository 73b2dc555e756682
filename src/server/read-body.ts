import type { IncomingMessage } from 'node:http';

/** What one request body may cost the server: bytes held in memory and time spent waiting for them. */
export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 400 | 408 | 413; error: string };

/**
 * Reads a request body into one Buffer within `limits`, or says why it will not: 413 as soon as
 * `Content-Length` announces too much (nothing is read) or a chunked body goes past the cap, 408 when the
 * body has not all arrived in time. On refusal the chunks read so far are let go and the request is paused,
 * so the caller answers and closes the connection (`refusalHeaders`) instead of reading the rest.
 */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes) return Promise.resolve(tooLarge(limits));
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      if (!result.ok) req.pause();
      chunks = [];
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish(tooLarge(limits));
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    // The client went away mid-body; nobody reads the answer, but the handler must not wait forever.
    const onAbort = () => finish({ ok: false, status: 400, error: 'the request ended before its body did' });
    const deadline = setTimeout(
      () => finish({ ok: false, status: 408, error: `request body not received within ${limits.timeoutMs} ms (server.bodyTimeoutMs)` }),
      limits.timeoutMs,
    );
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

/**
 * Headers for an answer given before the request body was read to its end: the connection closes after it,
 * rather than the server reading (and discarding) whatever the client still sends.
 */
export function refusalHeaders(req: IncomingMessage): Record<string, string> {
  return req.complete ? {} : { connection: 'close' };
}

function tooLarge(limits: BodyLimits): BodyResult {
  return { ok: false, status: 413, error: `request body over ${limits.maxBytes} bytes (server.maxBodyBytes)` };
}
