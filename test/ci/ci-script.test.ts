import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-ci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `.ci/test` on one small test file, in a clean environment with or without CI set. */
function ciTest(ci: boolean) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AGENTIC_SDLC_TEST_SUMMARY: join(dir, `summary-${ci}.json`) };
  if (ci) env.CI = 'true';
  return spawnSync('bash', ['.ci/test', 'test/engine/event-bus.test.ts'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
}

describe('the CI test script', () => {
  it.each([false, true])('passes and prints the plain summary line with CI=%s, as a developer runs it', (ci) => {
    const result = ciTest(ci);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^[1-9]\d* passed, 0 failed$/);
  });
});
