/**
 * Bounded regex work on lines of any length. A minified bundle or generated file can put megabytes on one
 * line; the secret rule scans such lines in overlapping windows, so no regex ever runs over more than
 * `WINDOW + OVERLAP + 1` characters and a slip into super-linear backtracking stays local to one window.
 */

/** Match starts a window owns. 8 KiB keeps the overlap's extra work near 12% on long lines. */
export const WINDOW = 8192;
/**
 * Characters a window reads past the starts it owns. Longer than any credential a detector matches (a
 * fine-grained GitHub token is at most 266 characters) and than a realistic `name = "value"` assignment,
 * so a match that starts in a window is seen whole there, and nowhere else.
 */
export const OVERLAP = 1024;

interface LineWindow {
  text: string;
  /** Index of `text[0]` in the line. */
  offset: number;
  /** The match starts this window owns: `from <= start < to`. */
  from: number;
  to: number;
}

/** One window for a line up to `WINDOW + OVERLAP` long; otherwise a window per `WINDOW` characters. */
export function lineWindows(line: string): LineWindow[] {
  if (line.length <= WINDOW + OVERLAP) return [{ text: line, offset: 0, from: 0, to: line.length }];
  const windows: LineWindow[] = [];
  for (let from = 0; from < line.length; from += WINDOW) {
    // One character before the owned starts, so `\b` and one-character lookbehinds see what precedes them.
    const offset = Math.max(0, from - 1);
    windows.push({ text: line.slice(offset, from + WINDOW + OVERLAP), offset, from, to: Math.min(line.length, from + WINDOW) });
  }
  return windows;
}

/**
 * The matches of a global `pattern` in `line`, left to right, each found by the one window that owns its
 * start; `index` is the position in the whole line.
 */
export function* windowedMatches(line: string, pattern: RegExp): Generator<RegExpExecArray> {
  for (const window of lineWindows(line)) {
    for (const match of window.text.matchAll(pattern)) {
      const index = window.offset + match.index;
      if (index < window.from || index >= window.to) continue;
      match.index = index;
      yield match;
    }
  }
}

/**
 * Character spans of one line already reported, so that a later detector skips an overlapping match.
 * Checking or taking a span touches only that span, which keeps a line with thousands of hits linear.
 */
export class TakenSpans {
  private taken: Uint8Array | undefined;

  constructor(private readonly length: number) {}

  isFree(start: number, end: number): boolean {
    return this.taken === undefined || !this.taken.subarray(start, end).includes(1);
  }

  take(start: number, end: number): void {
    (this.taken ??= new Uint8Array(this.length)).fill(1, start, end);
  }
}
