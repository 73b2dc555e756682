import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';

const child = join(import.meta.dirname, '../fixtures/crash-child.ts');
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
}

describe('crash and resume', () => {
  it('a run killed with SIGKILL mid-step resumes: finished steps do not run again, the interrupted one does', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-crash-'));
    const db = join(dir, 'state.db');
    const effects = join(dir, 'effects.log');

    const first = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), child, 'start', db, effects], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.on('exit', (_code, signal) => resolve(signal)));
    // Wait until the third step is in flight, then kill without warning.
    const deadline = Date.now() + 20_000;
    while (!lines(effects).some((line) => line.startsWith('c ')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    first.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(lines(effects)).toEqual(['a attempt=1 value=', 'b attempt=1 value=a-done', 'c attempt=1 value=b-done']);

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', import.meta.resolve('tsx'), child, 'resume', db, effects]);
    const [resumed] = JSON.parse(stdout) as { status: string; outputs: Record<string, unknown> }[];
    expect(resumed).toMatchObject({ status: 'success', outputs: { last: 'd-done' } });
    expect(lines(effects)).toEqual([
      'a attempt=1 value=',
      'b attempt=1 value=a-done',
      'c attempt=1 value=b-done',
      'c attempt=2 value=b-done',
      'd attempt=1 value=c-done',
    ]);

    const store = new SqliteRunStore(db);
    const [run] = await store.listRuns();
    const steps = await store.getSteps(run!.id);
    expect(steps.map((s) => [s.stepId, s.status, s.attempt])).toEqual([
      ['a', 'success', 1],
      ['b', 'success', 1],
      ['c', 'success', 2],
      ['d', 'success', 1],
    ]);
    // The run kept the workflow it was submitted with.
    expect(run!.workflow.steps.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    await store.close();
  });
});
