// A small Server-Sent Events reader over fetch, frame by frame, as a client library would see them.

export interface Frame {
  id?: string;
  event?: string;
  data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A `: …` line (the heartbeat). */
  comment?: string;
}

export interface SseClient {
  status: number;
  headers: Headers;
  /** The next frame, or undefined once the server has ended the stream. */
  next(): Promise<Frame | undefined>;
  /** Frames until (and including) `event`, or until the stream ends. */
  until(event: string): Promise<Frame[]>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<Frame | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parse(block);
      }
      const { done, value } = await reader.read();
      if (done) return undefined;
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return {
    status: response.status,
    headers: response.headers,
    next,
    async until(event) {
      const frames: Frame[] = [];
      for (;;) {
        const frame = await next();
        if (!frame) return frames;
        frames.push(frame);
        if (frame.event === event) return frames;
      }
    },
    close: () => abort.abort(),
  };
}

function parse(block: string): Frame {
  const frame: Frame = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
  }
  return frame;
}
