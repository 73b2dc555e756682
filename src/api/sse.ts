import type { Clock } from '../engine/clock.js';
import type { JobEvent } from './job-service.js';

/**
 * One Server-Sent Events response: `id:`/`event:`/`data:` frames, a `: heartbeat` comment every
 * `heartbeatMs` so proxies keep the connection, and an end after `run.completed`. Memory is bounded: a client
 * that stops reading while more than `maxBufferedBytes` wait for it is disconnected (it can resume with
 * `Last-Event-ID`), so a stalled reader never holds an unbounded queue.
 */
export interface SseOptions {
  clock: Clock;
  heartbeatMs: number;
  maxBufferedBytes: number;
  /** Called once when the stream ends, whoever ended it. */
  onClose(): void;
}

export interface SseStream {
  response: Response;
  send(event: JobEvent): void;
  close(): void;
}

const encoder = new TextEncoder();

export function openSse(options: SseOptions): SseStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let cancelHeartbeat = () => {};

  const finish = () => {
    if (closed) return false;
    closed = true;
    cancelHeartbeat();
    options.onClose();
    return true;
  };
  const close = () => {
    if (finish()) controller.close();
  };
  const write = (text: string) => {
    if (closed) return;
    controller.enqueue(encoder.encode(text));
    if ((controller.desiredSize ?? 0) < -options.maxBufferedBytes) close();
  };
  const heartbeat = () => {
    cancelHeartbeat = options.clock.setTimer(options.heartbeatMs, () => {
      write(': heartbeat\n\n');
      if (!closed) heartbeat();
    });
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        heartbeat();
      },
      // The client went away.
      cancel() {
        finish();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  const response = new Response(body, {
    // `connection: close`: a stream's end is also its connection's, so a server shutting down is not kept waiting for an idle keep-alive socket.
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', connection: 'close' },
  });
  return {
    response,
    send(event) {
      // JSON escapes line breaks inside strings, so the data is always one `data:` line.
      write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data ?? null)}\n\n`);
      if (event.type === 'run.completed') close();
    },
    close,
  };
}
