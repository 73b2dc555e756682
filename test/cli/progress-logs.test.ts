import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showProgress } from '../../src/cli/progress.js';
import { StatusLine } from '../../src/cli/status-line.js';
import { EventBus } from '../../src/engine/event-bus.js';
import { createLogger } from '../../src/logger.js';

/** Back to column 0 and erase the line, as the status line does. */
const ERASE_LINE = '\r\x1b[2K';

/** What a terminal shows for `output`: finished lines, and the line the cursor is on (the status line). */
function screen(output: string): { lines: string[]; status: string } {
  // A pseudo-terminal turns \n into \r\n; an erase leaves only what is written after it on that row.
  const rows = output.replaceAll('\r\n', '\n').split('\n').map((row) => {
    const erased = row.lastIndexOf(ERASE_LINE);
    return erased < 0 ? row : row.slice(erased + ERASE_LINE.length);
  });
  return { lines: rows.slice(0, -1), status: rows.at(-1)! };
}

function fakeTerminal() {
  const chunks: string[] = [];
  return {
    isTTY: true,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    get output() {
      return chunks.join('');
    },
  } as unknown as NodeJS.WriteStream & { output: string };
}

const isLogLine = (line: string) => line.startsWith('{') && line.endsWith('}');
const isStepLine = (line: string) => /^[✓✗-] /.test(line);

describe('log lines and the progress display on a terminal', () => {
  it('a log line written while the spinner shows goes above it, and the spinner comes back under it', () => {
    const terminal = fakeTerminal();
    const out = new StatusLine(terminal);
    const bus = new EventBus();
    const stop = showProgress(bus, () => 'run_1', out);
    const log = createLogger('warn', out);

    bus.emit('step.started', { runId: 'run_1', stepId: 'analyze', name: 'Analyze the diff', attempt: 1 });
    log.warn({ stepId: 'analyze' }, 'no file found in the diff text');
    log.info('below warn: not shown');
    expect(screen(terminal.output)).toEqual({ lines: [expect.stringContaining('"msg":"no file found in the diff text"')], status: '⠋ Analyze the diff' });

    bus.emit('step.completed', { runId: 'run_1', stepId: 'analyze', name: 'Analyze the diff', status: 'success', attempt: 1, durationMs: 18 });
    stop();
    const { lines, status } = screen(terminal.output);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: 'no file found in the diff text' });
    expect(lines[1]).toBe('✓ Analyze the diff 18ms');
    expect(status).toBe('');
  });

  it('off a terminal, lines pass through untouched', () => {
    const chunks: string[] = [];
    const out = new StatusLine({ write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WriteStream);
    out.show('⠋ hidden');
    out.write('a line\n');
    expect(chunks).toEqual(['a line\n']);
  });
});

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// `script` gives the CLI a pseudo-terminal, so the spinner is drawn as a user sees it.
describe.runIf(hasScript && process.platform === 'linux')('agentic-sdlc run on a terminal', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-tty-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a step warning as a line of its own, never inside the spinner line', async () => {
    // Not a diff: diff.analyze logs a warning while its spinner is shown.
    writeFileSync(join(dir, 'not-a-diff.txt'), 'hello\n');
    const main = join(import.meta.dirname, '../../src/cli/main.ts');
    const command = `'${process.execPath}' --import '${import.meta.resolve('tsx')}' '${main}' --db '${join(dir, 'state.db')}' run pr-review --input diff=@'${join(dir, 'not-a-diff.txt')}' >/dev/null`;
    const { stdout } = await promisify(execFile)('script', ['-q', '-e', '-c', command, '/dev/null'], { env: { ...process.env, AGENTIC_SDLC_CONFIG: '' } });
    const { lines, status } = screen(stdout);
    expect(lines.filter(isLogLine).map((line) => (JSON.parse(line) as { msg: string }).msg)).toContainEqual(expect.stringContaining('no file found'));
    expect(lines.filter((line) => !isLogLine(line) && !isStepLine(line))).toEqual([]);
    expect(status).toBe('');
  });
});
