import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigEntry } from '../../src/config/config-sources.js';
import { cli, type CliResult } from '../helpers/cli.js';
import { CLEAN_ENV } from './doctor-helpers.js';

const SECRETS = ['xoxb-from-the-file-7a7a', 'deploy-secret-value-8b8b', 'webhook-secret-from-file-9c9c', 'db-password-0d0d', 'anthropic-key-1e1e'];

describe('agentic-sdlc config show', () => {
  let dir: string;
  let env: Record<string, string>;
  let text: CliResult;
  let json: CliResult;
  let entries: Map<string, ConfigEntry>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-show-'));
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'engine:\n  concurrency: 2\nslack:\n  botToken: xoxb-from-the-file-7a7a\nsecrets:\n  DEPLOY_KEY: deploy-secret-value-8b8b\n');
    writeFileSync(join(dir, '.env'), 'JIRA_HOST=https://acme.atlassian.net\nANTHROPIC_API_KEY=anthropic-key-1e1e\n');
    writeFileSync(join(dir, 'webhook-secret'), 'webhook-secret-from-file-9c9c\n');
    // .env gives way to the process environment, even to an empty variable: those two are left out of it.
    const { JIRA_HOST: _jira, ANTHROPIC_API_KEY: _anthropic, ...clean } = CLEAN_ENV;
    env = { ...clean, APP_ID: '4242', WEBHOOK_SECRET_FILE: join(dir, 'webhook-secret'), DATABASE_URL: 'postgres://app:db-password-0d0d@db.internal:5432/sdlc' };
    [text, json] = await Promise.all([
      cli(['--db', 'state/runs.db', 'config', 'show'], { cwd: dir, env }),
      cli(['--db', 'state/runs.db', 'config', 'show', '--json'], { cwd: dir, env }),
    ]);
    const parsed = JSON.parse(json.stdout) as { file: unknown; entries: ConfigEntry[] };
    expect(parsed.file).toEqual({ file: 'agentic-sdlc.yaml', chosen: 'found in the current directory' });
    entries = new Map(parsed.entries.map((entry) => [entry.key, entry]));
  }, 60_000);

  it('says where each value came from: the file with line and column, a variable (.env ones marked), a flag, a default', () => {
    expect(json.code).toBe(0);
    expect(entries.get('engine.concurrency')).toMatchObject({ value: 2, source: { kind: 'file', file: 'agentic-sdlc.yaml', line: 2, col: 16 } });
    expect(entries.get('github.appId')).toMatchObject({ value: 4242, source: { kind: 'env', variable: 'APP_ID', dotEnv: false } });
    expect(entries.get('jira.host')).toMatchObject({ value: 'https://acme.atlassian.net', source: { kind: 'env', variable: 'JIRA_HOST', dotEnv: true } });
    expect(entries.get('db')).toMatchObject({ value: 'state/runs.db', source: { kind: 'flag', flag: '--db' } });
    expect(entries.get('engine.maxParallelSteps')).toMatchObject({ value: 4, source: { kind: 'default' }, variables: ['AGENTIC_SDLC_MAX_PARALLEL_STEPS'] });
  });

  it('masks every credential, says whether each is set, and names the variables that set it', () => {
    expect(entries.get('slack.botToken')).toMatchObject({ value: '***', set: true, secret: true, source: { kind: 'file', line: 4, col: 13 } });
    expect(entries.get('secrets.DEPLOY_KEY')).toMatchObject({ value: '***', set: true, secret: true });
    expect(entries.get('github.webhookSecret')).toMatchObject({ value: '***', source: { kind: 'env', variable: 'WEBHOOK_SECRET_FILE' } });
    expect(entries.get('llm.providers.anthropic.apiKey')).toMatchObject({ value: '***', source: { kind: 'env', variable: 'ANTHROPIC_API_KEY', dotEnv: true } });
    expect(entries.get('databaseUrl')).toMatchObject({ value: 'postgres://app:***@db.internal:5432/sdlc', secret: true });
    expect(entries.get('slack.signingSecret')).toEqual({
      key: 'slack.signingSecret',
      set: false,
      secret: true,
      source: { kind: 'unset' },
      variables: ['SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET_FILE'],
    });
    for (const secret of SECRETS) {
      expect(json.stdout).not.toContain(secret);
      expect(text.stdout).not.toContain(secret);
    }
  });

  it('prints one aligned line per key: key, value, source', () => {
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('configuration file: agentic-sdlc.yaml (found in the current directory)');
    const row = (key: string) => lines.find((line) => line.startsWith(`${key} `))?.split(/\s{2,}/);
    expect(row('engine.concurrency')).toEqual(['engine.concurrency', '2', 'agentic-sdlc.yaml:2:16']);
    expect(row('github.webhookSecret')).toEqual(['github.webhookSecret', '***', 'env WEBHOOK_SECRET_FILE']);
    expect(row('jira.host')).toEqual(['jira.host', 'https://acme.atlassian.net', '.env JIRA_HOST']);
    expect(row('db')).toEqual(['db', 'state/runs.db', '--db']);
    expect(row('slack.signingSecret')).toEqual(['slack.signingSecret', '(not set)', 'unset (SLACK_SIGNING_SECRET, SLACK_SIGNING_SECRET_FILE)']);
    // Every value starts in the same column.
    const valueColumns = new Set(lines.slice(1).filter(Boolean).map((line) => line.search(/(?<= {2})\S/)));
    expect(valueColumns.size).toBe(1);
  });

  it('fails on an invalid configuration as every command does, naming file:line:col', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'config-show-'));
    writeFileSync(join(bad, 'agentic-sdlc.yaml'), 'engine:\n  concurrency: lots\n');
    const result = await cli(['config', 'show'], { cwd: bad, env: CLEAN_ENV });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('agentic-sdlc.yaml:2:16: engine.concurrency: Invalid input: expected number, received string');
  }, 60_000);
});
