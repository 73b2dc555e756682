/**
 * What a build log says failed, without a model: failing test names (Maven/Surefire and JUnit, Gradle,
 * vitest/jest, go test, pytest) and error lines (`error:`, `ERROR`, exceptions, `npm ERR!`, `BUILD FAILURE`).
 * The offline diagnosis of `llm.ci-failure`. One pass over the lines with prefix and substring checks only
 * (no regex runs on log text), and bounded counts and lengths, so any log costs linear time.
 */
export interface LogFindings {
  failingTests: string[];
  errorLines: string[];
  /** Test files named by the failures (pytest, vitest/jest), for `suspectFiles`. */
  testFiles: string[];
  category: 'test' | 'build' | 'dependency' | 'unknown';
}

export const MAX_TESTS = 20;
export const MAX_ERROR_LINES = 15;
const MAX_LINE = 300;
/** Maven's advice after a failure: true, but never the cause. */
const BOILERPLATE = ['-> [Help', 'To see the full stack trace', 'Re-run Maven', 'For more information about the errors', '[Help 1]', 'After correcting the problems', 'Please refer to'];

export function findFailures(log: string): LogFindings {
  const tests = new Set<string>();
  const errors = new Set<string>();
  const files = new Set<string>();
  let running: string | undefined;
  let inSummary = false;
  let dependency = false;
  let build = false;
  for (let start = 0; start <= log.length; ) {
    const end = log.indexOf('\n', start);
    const raw = log.slice(start, end < 0 ? log.length : end);
    start = end < 0 ? log.length + 1 : end + 1;
    const line = clean(raw);
    const content = withoutLevel(line);
    if (content.startsWith('Running ')) running = content.slice(8).trim();
    // Surefire's closing summary lists each failure indented under `Failures:` / `Errors:`.
    if (content === 'Failures:' || content === 'Errors:') {
      inSummary = true;
      continue;
    }
    if (inSummary && line.startsWith('[ERROR]   ')) {
      add(tests, content.split(' ')[0]!, MAX_TESTS);
      continue;
    }
    inSummary = false;
    const test = testName(content, running);
    if (test !== undefined) {
      add(tests, test.name, MAX_TESTS);
      if (test.file) add(files, test.file, MAX_TESTS);
      continue;
    }
    // Decided on the whole line: the kept text is cut at MAX_LINE.
    if (raw.includes('Could not resolve dependencies') || raw.includes('npm ERR! code E') || raw.includes('ERESOLVE')) dependency = true;
    if (raw.includes('BUILD FAILURE') || raw.includes('COMPILATION ERROR') || raw.includes('error TS')) build = true;
    if (isErrorLine(raw) && content.length > 0 && !BOILERPLATE.some((text) => content.startsWith(text))) add(errors, line, MAX_ERROR_LINES);
  }
  const category = tests.size ? 'test' : dependency ? 'dependency' : build ? 'build' : 'unknown';
  return { failingTests: [...tests], errorLines: [...errors], testFiles: [...files], category };
}

function testName(line: string, running: string | undefined): { name: string; file?: string } | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('--- FAIL: ')) return { name: before(trimmed.slice(10), ' (') };
  if (trimmed.startsWith('FAILED ') && trimmed.includes('::')) {
    const name = before(trimmed.slice(7), ' - ');
    return { name, file: before(name, '::') };
  }
  if (trimmed.startsWith('FAIL ')) {
    const name = trimmed.slice(5).trim();
    return { name, file: before(name, ' > ') };
  }
  const marker = trimmed.includes('<<< FAILURE!') ? '<<< FAILURE!' : trimmed.includes('<<< ERROR!') ? '<<< ERROR!' : undefined;
  if (marker) {
    const after = trimmed.slice(trimmed.indexOf(marker) + marker.length);
    const inClass = after.lastIndexOf(' in ');
    if (inClass >= 0) return { name: after.slice(inClass + 4).trim() };
    const name = trimEndOf(before(trimmed, 'Time elapsed'), ' -');
    return { name: name.startsWith('Tests run:') ? (running ?? name) : name };
  }
  // jest names each failed test after a bullet.
  if (trimmed.startsWith('● ') && !trimmed.startsWith('● Test suite failed to run')) return { name: trimmed.slice(2).trim() };
  // Gradle `FooTest > testBar FAILED`, Ant `Test com.x.FooTest FAILED`.
  if (trimmed.endsWith(' FAILED') && !trimmed.startsWith('BUILD ') && (trimmed.includes(' > ') || trimmed.startsWith('Test '))) {
    const name = trimmed.slice(0, -7);
    return { name: name.startsWith('Test ') ? name.slice(5) : name };
  }
  return undefined;
}

function isErrorLine(line: string): boolean {
  if (line.includes('npm ERR!') || line.includes('BUILD FAILURE') || line.includes('FAILURE: Build failed') || line.includes('BUILD FAILED') || line.includes('Exception')) return true;
  if (line.includes('ERROR')) return true;
  const lower = line.toLowerCase();
  return lower.includes('error:') || lower.includes('error ts');
}

/** Control characters out, `\r` progress redraws reduced to their last state, length bounded. */
function clean(raw: string): string {
  const last = raw.lastIndexOf('\r', raw.length - 2);
  const visible = (last >= 0 ? raw.slice(last + 1) : raw).trimEnd();
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const text = visible.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
}

function before(text: string, separator: string): string {
  const at = text.indexOf(separator);
  return (at < 0 ? text : text.slice(0, at)).trim();
}

/** Maven's `[INFO] ` / `[ERROR] ` / `[WARNING] ` prefix off. */
function withoutLevel(line: string): string {
  for (const level of ['[ERROR]', '[INFO]', '[WARNING]']) if (line.startsWith(level)) return line.slice(level.length).trim();
  return line;
}

function trimEndOf(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function add(set: Set<string>, value: string, max: number): void {
  if (value && set.size < max) set.add(value);
}
