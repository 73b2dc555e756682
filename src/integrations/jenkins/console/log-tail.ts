/**
 * The last `maxBytes` of a byte stream, in memory no larger than that (plus one chunk): a console log can be
 * gigabytes, and what explains a failure is at its end. `text()` starts at a line boundary when it can, and
 * never in the middle of a UTF-8 character.
 */
export class LogTail {
  private chunks: Buffer[] = [];
  private held = 0;
  /** Every byte seen, kept or not. */
  total = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.total += buffer.length;
    this.chunks.push(buffer.length > this.maxBytes ? buffer.subarray(buffer.length - this.maxBytes) : buffer);
    this.held += Math.min(buffer.length, this.maxBytes);
    while (this.held - this.chunks[0]!.length >= this.maxBytes) this.held -= this.chunks.shift()!.length;
  }

  get truncated(): boolean {
    return this.total > this.maxBytes;
  }

  text(): string {
    let bytes = Buffer.concat(this.chunks, this.held);
    if (bytes.length > this.maxBytes) bytes = bytes.subarray(bytes.length - this.maxBytes);
    if (this.truncated) {
      // A cut line reads as a different error: start after the first newline of the kept part (if it has one early).
      const newline = bytes.indexOf(0x0a);
      if (newline >= 0 && newline < 4096) bytes = bytes.subarray(newline + 1);
      else {
        let start = 0;
        while (start < bytes.length && start < 4 && (bytes[start]! & 0xc0) === 0x80) start++;
        bytes = bytes.subarray(start);
      }
    }
    return bytes.toString('utf8');
  }
}
