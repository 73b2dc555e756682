// Requests as slow, oversized or never-ending clients send them, which `fetch` cannot: headers without the
// body they announce, a body that stops halfway, a chunked stream that goes on until the server answers.
// Plain TCP, so nothing in between (nock records http.request bodies in memory) buffers what is sent.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  socket: Socket;
  /** The server's answer; rejects only if the connection ends before a whole answer came. */
  response: Promise<RawResponse>;
}

/** Connects and sends the request line and headers at once; the caller writes (or never writes) the body. */
export function openRequest(url: string, headers: Record<string, string | number>, method = 'POST'): RawRequest {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  const head = [`${method} ${pathname} HTTP/1.1`, `host: ${hostname}:${port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  const response = new Promise<RawResponse>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const parse = () => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
      const fields = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const length = Number(fields['content-length']);
      const body = received.subarray(end + 4);
      if (body.length < length) return;
      resolve({ status: Number(statusLine!.split(' ')[1]), headers: fields, body: body.subarray(0, length).toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      parse();
    });
    // Writes after the server refused and closed fail with EPIPE/ECONNRESET; by then the answer came.
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed; received ${JSON.stringify(received.toString('latin1'))}`)));
  });
  return { socket, response };
}

/**
 * Streams `chunk` again and again as a chunked body until the server answers (or `limit` bytes are sent),
 * calling `sample` after every write. Returns the answer and how much was handed to the socket.
 */
export async function streamUntilAnswered(url: string, headers: Record<string, string>, chunk: Buffer, limit: number, sample: () => void): Promise<{ response: RawResponse; sent: number }> {
  const { socket, response } = openRequest(url, { ...headers, 'transfer-encoding': 'chunked' });
  let answered = false;
  const settled = response.then(
    () => (answered = true),
    () => (answered = true),
  );
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  let sent = 0;
  while (!answered && !socket.destroyed && sent < limit) {
    const flushed = socket.write(frame);
    sent += chunk.length;
    sample();
    if (!flushed) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), settled]);
  }
  const result = await response;
  socket.destroy();
  return { response: result, sent };
}
