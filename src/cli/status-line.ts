/**
 * One stderr shared by the progress display and the logger. On a TTY the progress keeps a live status line
 * (the spinner) at the bottom; every other write (a finished step, a log line) clears it first and draws it
 * again after, so a log line never lands in the middle of the spinner. Off a TTY there is no status line and
 * writes pass straight through.
 */
export class StatusLine {
  private status: string | undefined;

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }) {}

  get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** Replaces the status line with `text` (TTY only); undefined removes it. */
  show(text: string | undefined): void {
    if (!this.tty) return;
    if (this.status !== undefined) this.out.write(CLEAR_LINE);
    this.status = text;
    if (text !== undefined) this.out.write(text);
  }

  /** Writes whole lines above the status line; pino calls it as its destination. */
  write(lines: string): boolean {
    if (this.status === undefined) return this.out.write(lines);
    this.out.write(CLEAR_LINE);
    this.out.write(lines);
    return this.out.write(this.status);
  }
}

/** Back to column 0 and erase the line: the cursor stays on the status line's row. */
const CLEAR_LINE = '\r\x1b[2K';

/** The process's stderr, shared by every writer of one CLI invocation. */
export const stderrLine = new StatusLine(process.stderr);
