import { describe, expect, it } from 'vitest';
import { llmCiFailureAction } from '../../src/actions/llm/ci-failure.js';
import type { LlmBridge } from '../../src/llm/bridge.js';
import { findFailures, MAX_ERROR_LINES, MAX_TESTS } from '../../src/llm/render/log-findings.js';

const lines = (...text: string[]) => text.join('\n');

describe('findFailures', () => {
  it('reads Maven Surefire failures: the per-test lines, the class line and the closing summary', () => {
    const log = lines(
      '[INFO] Running com.example.CalculatorTest',
      '[ERROR] Tests run: 3, Failures: 1, Errors: 1, Skipped: 0, Time elapsed: 0.052 s <<< FAILURE! -- in com.example.CalculatorTest',
      '[ERROR] com.example.CalculatorTest.adds -- Time elapsed: 0.011 s <<< FAILURE!',
      'org.opentest4j.AssertionFailedError: expected: <4> but was: <5>',
      '\tat com.example.CalculatorTest.adds(CalculatorTest.java:15)',
      '[INFO] ',
      '[ERROR] Failures: ',
      '[ERROR]   CalculatorTest.adds:15 expected: <4> but was: <5>',
      '[ERROR] Errors: ',
      '[ERROR]   CalculatorTest.divides:22 » Arithmetic / by zero',
      '[INFO] ',
      '[ERROR] Tests run: 3, Failures: 1, Errors: 1, Skipped: 0',
      '[INFO] BUILD FAILURE',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project calculator: There are test failures.',
      '[ERROR] -> [Help 1]',
      '[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.',
    );
    const found = findFailures(log);
    expect(found.failingTests).toEqual(['com.example.CalculatorTest', 'com.example.CalculatorTest.adds', 'CalculatorTest.adds:15', 'CalculatorTest.divides:22']);
    expect(found.errorLines).toEqual([
      'org.opentest4j.AssertionFailedError: expected: <4> but was: <5>',
      '[ERROR] Tests run: 3, Failures: 1, Errors: 1, Skipped: 0',
      '[INFO] BUILD FAILURE',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project calculator: There are test failures.',
    ]);
    expect(found.category).toBe('test');
  });

  it('names the class from the Running line for old Surefire, and reads Gradle and Ant lines', () => {
    const log = lines(
      'Running com.example.LegacyTest',
      'Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.013 sec <<< FAILURE!',
      'testOld(com.example.LegacyTest)  Time elapsed: 0.01 sec  <<< FAILURE!',
      'AppTest > greets FAILED',
      '    org.opentest4j.AssertionFailedError at AppTest.java:12',
      'Test com.example.AntTest FAILED',
      'BUILD FAILED',
    );
    expect(findFailures(log).failingTests).toEqual(['com.example.LegacyTest', 'testOld(com.example.LegacyTest)', 'AppTest > greets', 'com.example.AntTest']);
  });

  it('reads vitest, jest, go test and pytest, with the test files as suspects', () => {
    const log = lines(
      ' FAIL  test/math.test.ts > math > adds',
      'AssertionError: expected 5 to be 4 // Object.is equality',
      ' FAIL  src/app.test.js',
      '  ● App › renders the title',
      '--- FAIL: TestParse (0.00s)',
      '    parse_test.go:14: got 1, want 2',
      'FAIL\texample.com/parse\t0.003s',
      'FAILED tests/test_api.py::test_login - AssertionError: assert 401 == 200',
      'npm ERR! code ELIFECYCLE',
    );
    const found = findFailures(log);
    expect(found.failingTests).toEqual(['test/math.test.ts > math > adds', 'src/app.test.js', 'App › renders the title', 'TestParse', 'tests/test_api.py::test_login']);
    expect(found.testFiles).toEqual(['test/math.test.ts', 'src/app.test.js', 'tests/test_api.py']);
    expect(found.errorLines).toEqual(['AssertionError: expected 5 to be 4 // Object.is equality', 'npm ERR! code ELIFECYCLE']);
  });

  it('finds compiler and dependency errors when no test failed', () => {
    expect(findFailures(lines('src/a.ts(3,7): error TS2322: Type "string" is not assignable to type "number".', 'Build step failed')).category).toBe('build');
    expect(findFailures(lines('npm ERR! code ERESOLVE', 'npm ERR! ERESOLVE unable to resolve dependency tree')).category).toBe('dependency');
    expect(findFailures('all good\nFinished: SUCCESS').category).toBe('unknown');
  });

  it('keeps counts and line lengths bounded, and drops duplicates and control characters', () => {
    const many = Array.from({ length: 500 }, (_, i) => `--- FAIL: TestCase${i} (0.00s)\nERROR: boom ${i % 50}`).join('\n');
    const found = findFailures(`${many}\n\u001b${'x'.repeat(10_000)} error: long`);
    expect(found.failingTests).toHaveLength(MAX_TESTS);
    expect(found.errorLines).toHaveLength(MAX_ERROR_LINES);
    expect(new Set(found.errorLines).size).toBe(MAX_ERROR_LINES);
    expect(findFailures(`${'y'.repeat(10_000)} ERROR`).errorLines[0]).toHaveLength(301);
  });

  it('reads a hostile log in linear time', () => {
    const hostile = `${' '.repeat(200_000)}Time elapsed <<< FAILURE!\n${'--- FAIL: '.repeat(100_000)}\n${'\r'.repeat(200_000)}`.repeat(5);
    const started = performance.now();
    findFailures(hostile);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('llm.ci-failure without a provider', () => {
  it('reports the failing tests and the first error line from the log, at low confidence, as code that cannot ping or render', async () => {
    const action = llmCiFailureAction({ available: false } as LlmBridge);
    const noop = () => {};
    const log = lines('\u001b[31m FAIL  test/math.test.ts > adds @team\u001b[0m', 'AssertionError: expected `5` to be 4 <img src=x>', 'Finished: FAILURE');
    const out = await action.run(
      { runId: 'r1', workflow: 'ci-failure', stepId: 'diagnose', attempt: 1 },
      action.input.parse({ log, job: 'app-build', status: 'FAILURE' }),
      { signal: new AbortController().signal, log: { debug: noop, info: noop, warn: noop, error: noop }, emit: noop },
    );
    expect(out).toMatchObject({
      rootCause: expect.stringMatching(/^1 failing test in the log; first error line: `AssertionError: expected '5' to be 4 <img src=x>`\. No LLM provider is configured/),
      category: 'test',
      confidence: 'low',
      failingTests: ['test/math.test.ts > adds @team'],
      suspectFiles: [{ path: 'test/math.test.ts', reason: 'has failing tests' }],
      llm: { used: false },
    });
    expect(out.markdown).toContain('**Failing tests**\n- `test/math.test.ts > adds @team`\n\n**Error lines**\n\n```\nAssertionError: expected `5` to be 4 <img src=x>\n```');
  });
});
