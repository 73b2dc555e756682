import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentials, secretKind } from '../../src/config/credentials.js';
import { ConfigError, ENV_KEYS, loadConfigDetailed } from '../../src/config/load-config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-env-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A value each credential's schema accepts, distinct per variable. */
function validValue(name: string, key: string): string {
  if (key === 'databaseUrl') return `postgres://app:${name.toLowerCase()}@db:5432/app`;
  if (key === 'redisUrl' || key === 'llm.cache.url') return `redis://:${name.toLowerCase()}@redis:6379`;
  if (key === 'api.callbacks.secret') return 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  if (key === 'github.privateKey') return '-----BEGIN PRIVATE KEY-----\nMIIB\nabcd\n-----END PRIVATE KEY-----';
  return `${name.toLowerCase()}-value-0123456789abcdef`;
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const CREDENTIAL_VARIABLES = ENV_KEYS.filter(({ path }) => secretKind(path.join('.')) !== undefined);

describe('<NAME>_FILE variants of the secret variables', () => {
  it('exist for every variable that sets a credential, the issue’s list included', () => {
    expect(CREDENTIAL_VARIABLES.map(({ env }) => env)).toEqual(
      expect.arrayContaining([
        'PRIVATE_KEY', 'WEBHOOK_SECRET', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'JIRA_API_TOKEN', 'JIRA_PAT',
        'JENKINS_API_TOKEN', 'JENKINS_WEBHOOK_TOKEN', 'AGENTIC_SDLC_API_TOKEN', 'AGENTIC_SDLC_CALLBACK_SECRET', 'OPENAI_API_KEY',
        'ANTHROPIC_API_KEY', 'DATABASE_URL', 'REDIS_URL',
      ]),
    );
  });

  it.each(CREDENTIAL_VARIABLES.map(({ env, path }) => [env, path.join('.')]))('%s_FILE sets %s from the file, its trailing newline dropped', (name, key) => {
    const value = validValue(name, key);
    writeFileSync(join(dir, 'secret'), `${value}\r\n\n`);
    const loaded = loadConfigDetailed({ cwd: dir, env: { [`${name}_FILE`]: join(dir, 'secret') } });
    let node: unknown = loaded.config;
    for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
    expect(node).toBe(value);
    expect(loaded.origins.get(key)).toBe(`${name}_FILE`);
    // Read from a file or not, the engine masks it.
    expect(credentials(loaded.config).some((credential) => value.includes(credential))).toBe(true);
  });

  it('keeps the line breaks inside a value (a PEM key) and reads a path relative to the working directory', () => {
    writeFileSync(join(dir, 'app.pem'), '-----BEGIN RSA PRIVATE KEY-----\nAAAA\nBBBB\n-----END RSA PRIVATE KEY-----\n');
    const { config } = loadConfigDetailed({ cwd: dir, env: { PRIVATE_KEY_FILE: 'app.pem' } });
    expect(config.github.privateKey).toBe('-----BEGIN RSA PRIVATE KEY-----\nAAAA\nBBBB\n-----END RSA PRIVATE KEY-----');
  });

  it('works from .env as from the environment', () => {
    writeFileSync(join(dir, 'token'), 'xoxb-from-a-file\n');
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN_FILE=token\n');
    expect(loadConfigDetailed({ cwd: dir, env: {} }).config.slack.botToken).toBe('xoxb-from-a-file');
  });

  it('refuses both forms at once, naming both and neither value', () => {
    writeFileSync(join(dir, 'secret'), 'from-the-file-5678\n');
    const found = problems(() => loadConfigDetailed({ cwd: dir, env: { WEBHOOK_SECRET: 'from-the-env-1234', WEBHOOK_SECRET_FILE: join(dir, 'secret') } }));
    expect(found).toEqual(['WEBHOOK_SECRET and WEBHOOK_SECRET_FILE are both set: keep one (WEBHOOK_SECRET_FILE names a file holding the value, as Docker and Kubernetes mount secrets)']);
  });

  it('names the variable and the path of a file it cannot read, or an empty one, never the content', () => {
    mkdirSync(join(dir, 'a-folder'));
    writeFileSync(join(dir, 'empty'), '\n');
    const found = problems(() =>
      loadConfigDetailed({ cwd: dir, env: { JIRA_API_TOKEN_FILE: '/run/secrets/jira', JENKINS_API_TOKEN_FILE: join(dir, 'a-folder'), OPENAI_API_KEY_FILE: join(dir, 'empty') } }),
    );
    expect(found).toEqual([
      'JIRA_API_TOKEN_FILE: cannot read /run/secrets/jira: no such file; mount the secret at that path or correct JIRA_API_TOKEN_FILE',
      `JENKINS_API_TOKEN_FILE: cannot read ${join(dir, 'a-folder')}: it is a directory; mount the secret at that path or correct JENKINS_API_TOKEN_FILE`,
      `OPENAI_API_KEY_FILE: ${join(dir, 'empty')} is empty; it should hold the value of OPENAI_API_KEY`,
    ]);
  });

  it('names the _FILE variable when the value in the file is invalid, without quoting it', () => {
    writeFileSync(join(dir, 'short'), 'short-token\n');
    const found = problems(() => loadConfigDetailed({ cwd: dir, env: { JENKINS_WEBHOOK_TOKEN_FILE: join(dir, 'short') } }));
    expect(found).toEqual(['JENKINS_WEBHOOK_TOKEN_FILE (jenkins.webhookToken): at least 16 characters']);
  });

  it('leaves settings that are not credentials to their plain variable', () => {
    writeFileSync(join(dir, 'port'), '8080\n');
    expect(loadConfigDetailed({ cwd: dir, env: { PORT_FILE: join(dir, 'port') } }).config.server.port).toBe(3000);
  });
});
