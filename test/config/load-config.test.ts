import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives every key a default when nothing is configured', () => {
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config).toMatchObject({ db: '.agentic-sdlc/state.db', log: { level: 'info' }, engine: { concurrency: 4, maxParallelSteps: 4 }, secrets: {} });
  });

  it('layers agentic-sdlc.yaml, .env, the environment and flags, later winning', () => {
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'db: from-yaml.db\nengine:\n  concurrency: 2\nlog:\n  level: debug\n');
    writeFileSync(join(dir, '.env'), 'AGENTIC_SDLC_CONCURRENCY=3\nAGENTIC_SDLC_SECRET_JIRA_TOKEN=abc123\n');
    const config = loadConfig({ cwd: dir, env: { AGENTIC_SDLC_LOG_LEVEL: 'warn' }, overrides: [{ path: ['db'], value: 'from-flag.db' }] });
    expect(config).toMatchObject({ db: 'from-flag.db', engine: { concurrency: 3 }, log: { level: 'warn' }, secrets: { JIRA_TOKEN: 'abc123' } });
  });

  it('names the file, line, column and key of a bad value in agentic-sdlc.yaml', () => {
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'engine:\n  concurrency: 1000\n  paralel: 2\n');
    expect(problems(() => loadConfig({ cwd: dir, env: {} }))).toEqual([
      'agentic-sdlc.yaml:2:16: engine.concurrency: Too big: expected number to be <=256',
      'agentic-sdlc.yaml:3:3: engine: unknown key paralel',
    ]);
  });

  it('names the environment variable of a bad value from the environment', () => {
    expect(problems(() => loadConfig({ cwd: dir, env: { AGENTIC_SDLC_CONCURRENCY: 'lots' } }))).toEqual([
      'AGENTIC_SDLC_CONCURRENCY (engine.concurrency): Invalid input: expected number, received string',
    ]);
  });

  it('rejects an unknown analyzer rule at load time with a suggestion', () => {
    writeFileSync(join(dir, 'agentic-sdlc.yml'), 'analyzer:\n  rules:\n    secrets: off\n');
    const [problem] = problems(() => loadConfig({ cwd: dir, env: {} }));
    expect(problem).toMatch(/^agentic-sdlc\.yml:3:14: analyzer\.rules\.secrets: unknown rule "secrets"; did you mean "secret"\?/);
  });

  it('reports YAML syntax errors with their position, and a missing explicit file', () => {
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'engine: [\n');
    expect(problems(() => loadConfig({ cwd: dir, env: {} }))[0]).toMatch(/^agentic-sdlc\.yaml:\d+:\d+: /);
    expect(problems(() => loadConfig({ cwd: dir, env: {}, file: 'nope.yaml' }))).toEqual(['nope.yaml: configuration file not found (from --config)']);
    expect(problems(() => loadConfig({ cwd: dir, env: { AGENTIC_SDLC_CONFIG: 'gone.yaml' } }))).toEqual(['gone.yaml: configuration file not found (from AGENTIC_SDLC_CONFIG)']);
  });

  it('leaves a config.yaml in the working directory alone: it belongs to some other tool', () => {
    writeFileSync(join(dir, 'config.yaml'), 'database:\n  url: postgres://localhost/app\n');
    expect(loadConfig({ cwd: dir, env: {} })).toMatchObject({ db: '.agentic-sdlc/state.db' });
  });

  it('refuses to guess between agentic-sdlc.yaml and agentic-sdlc.yml, pointing to --config', () => {
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'db: a.db\n');
    writeFileSync(join(dir, 'agentic-sdlc.yml'), 'db: b.db\n');
    expect(problems(() => loadConfig({ cwd: dir, env: {} }))).toEqual([`both agentic-sdlc.yaml and agentic-sdlc.yml are in ${dir}: keep one, or choose with --config <file>`]);
    expect(loadConfig({ cwd: dir, env: {}, file: 'agentic-sdlc.yml' })).toMatchObject({ db: 'b.db' });
  });

  it('says which file was read and how to choose another when the file has a problem', () => {
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'engine:\n  concurrency: 0\n');
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(
      'invalid configuration:\n  agentic-sdlc.yaml:2:16: engine.concurrency: Too small: expected number to be >=1\n' +
        '(agentic-sdlc.yaml was read because it is in the current directory; --config <file> or AGENTIC_SDLC_CONFIG chooses another)',
    );
    writeFileSync(join(dir, 'other.yaml'), 'engin: {}\n');
    expect(() => loadConfig({ cwd: dir, env: {}, file: 'other.yaml' })).toThrow(/\(other\.yaml is the configuration file from --config; --config <file> chooses another\)$/);
    // A problem from the environment says nothing about files.
    expect(() => loadConfig({ cwd: dir, env: { AGENTIC_SDLC_CONCURRENCY: 'lots' }, file: 'other.yaml' })).toThrow(/engin\n\(other/);
  });
});
