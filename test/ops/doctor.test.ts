import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRunStore } from '../../src/store/postgres-store.js';
import { cli } from '../helpers/cli.js';
import { requirePostgres, requireRedis } from '../helpers/services.js';
import { CLEAN_ENV, check, doctorJson, freshDatabase, rsaKeyPem } from './doctor-helpers.js';
import { POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres-migrations.js';
import { startFakeSaas, type FakeSaas } from './fake-saas.js';

const redisUrl = await requireRedis();
const postgresUrl = await requirePostgres();

const SECRETS = {
  webhookSecret: 'gh-webhook-secret-5d1f0c',
  slackSigning: 'slack-signing-secret-8e2a',
  slackBot: 'xoxb-1111-2222-bot-token-d9c1',
  slackApp: 'xapp-1-A0001-app-token-77b3',
  jiraToken: 'jira-api-token-3f6e9b',
  jiraPat: 'jira-pat-token-0b7d4a',
  jenkinsToken: 'jenkins-api-token-a1c2e3',
  jenkinsWebhook: 'jenkins-webhook-token-4d5e6f7a',
  openai: 'sk-openai-test-key-1234567890',
  anthropic: 'sk-ant-test-key-0987654321',
};

describe.skipIf(!redisUrl || !postgresUrl)('agentic-sdlc doctor against the services faked at the HTTP level, Redis and PostgreSQL', () => {
  const privateKey = rsaKeyPem();
  let saas: FakeSaas;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    saas = await startFakeSaas({
      github: { appId: 4242, privateKeyPem: privateKey, installations: ['acme', 'acme-labs'] },
      slack: { botToken: SECRETS.slackBot, appToken: SECRETS.slackApp },
      jira: { email: 'dev@acme.test', apiToken: SECRETS.jiraToken, pat: SECRETS.jiraPat },
      jenkins: { user: 'ci-bot', apiToken: SECRETS.jenkinsToken },
      openaiKey: SECRETS.openai,
      anthropicKey: SECRETS.anthropic,
      hang: ['/hang'],
    });
    database = await freshDatabase(postgresUrl!);
    // Migrated as serve would, so the schema version is the current one.
    await (await PostgresRunStore.connect(database.url)).close();
    const host = new URL(saas.url).host;
    env = {
      APP_ID: '4242',
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRETS.webhookSecret,
      GHE_HOST: host,
      GHE_PROTOCOL: 'http',
      SLACK_SIGNING_SECRET: SECRETS.slackSigning,
      SLACK_BOT_TOKEN: SECRETS.slackBot,
      SLACK_APP_TOKEN: SECRETS.slackApp,
      SLACK_API_URL: `${saas.url}/slack/api/`,
      JIRA_HOST: `${saas.url}/jira`,
      JIRA_EMAIL: 'dev@acme.test',
      JIRA_API_TOKEN: SECRETS.jiraToken,
      JENKINS_URL: `${saas.url}/jenkins`,
      JENKINS_USER: 'ci-bot',
      JENKINS_API_TOKEN: SECRETS.jenkinsToken,
      JENKINS_WEBHOOK_TOKEN: SECRETS.jenkinsWebhook,
      OPENAI_API_KEY: SECRETS.openai,
      OPENAI_BASE_URL: `${saas.url}/openai/v1`,
      ANTHROPIC_API_KEY: SECRETS.anthropic,
      ANTHROPIC_BASE_URL: `${saas.url}/anthropic`,
      AGENTIC_SDLC_MODEL: 'anthropic:claude-sonnet-4-6',
      REDIS_URL: redisUrl!,
      DATABASE_URL: database.url,
    };
  });
  afterAll(async () => {
    await saas?.close();
    await database?.drop();
  });

  it('says ✓ for every configured integration and service (GitHub Enterprise Server paths, --online model lists) and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const result = await cli(['doctor', '--online'], { cwd: dir, env: { ...CLEAN_ENV, ...env } });
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('✓ configuration: the environment and defaults (no configuration file)');
    expect(lines).toContain('✓ workflows: 8 loaded from built-in');
    expect(lines).toContain(`✓ GitHub App: app "sdlc-bot" (id 4242) on http://${new URL(saas.url).host}/api/v3, 2 installations (acme, acme-labs)`);
    expect(lines).toContain('✓ Slack: bot @sdlc in Acme (https://acme.slack.com/); Socket Mode token accepted');
    expect(lines).toContain(`✓ Jira: signed in to ${saas.url}/jira as Dev Bot (REST v3, email and API token)`);
    expect(lines).toContain(`✓ Jenkins: webhook token set; ${saas.url}/jenkins answers (Jenkins 2.462.3) to ci-bot, 1 job visible`);
    expect(lines).toContain('✓ LLM openai: OPENAI_API_KEY accepted: 2 models offered');
    expect(lines).toContain('✓ LLM anthropic: ANTHROPIC_API_KEY accepted: 1 model offered');
    expect(lines).toContain('✓ LLM models: anthropic:claude-sonnet-4-6');
    expect(lines.find((line) => line.startsWith('✓ Redis: redis://127.0.0.1:6379 answers PING (Redis '))).toBeDefined();
    expect(lines).toContain(`✓ PostgreSQL: ${database.url} answers (PostgreSQL ${lines.join('').match(/PostgreSQL (\d[\d.]*)\)/)?.[1]}); schema version ${POSTGRES_SCHEMA_VERSION} (current)`);
    expect(lines).toContain('– state directory: nothing is written locally (runs in PostgreSQL, no SQLite LLM cache)');
    expect(lines.at(-1)).toBe('everything configured works');
    expect(result.code).toBe(0);
    expect(saas.requests).toEqual(
      expect.arrayContaining(['GET /api/v3/app', 'GET /api/v3/app/installations', 'POST /slack/api/auth.test', 'POST /slack/api/apps.connections.open', 'GET /jira/rest/api/3/myself', 'GET /jenkins/api/json', 'GET /openai/v1/models', 'GET /anthropic/v1/models']),
    );
  }, 60_000);

  it('says what to fix for every refused credential, printing none of them, and exits 1', async () => {
    const wrong = {
      PRIVATE_KEY: rsaKeyPem(),
      SLACK_BOT_TOKEN: 'xoxb-9999-wrong-bot-token-e4f5',
      JIRA_EMAIL: '',
      JIRA_API_TOKEN: '',
      JIRA_PAT: 'jira-pat-wrong-token-6c6c',
      JENKINS_API_TOKEN: 'jenkins-wrong-token-7d7d',
      OPENAI_API_KEY: 'sk-openai-wrong-key-55556666',
      REDIS_URL: 'redis://:redis-password-8e8e@127.0.0.1:1',
      DATABASE_URL: database.url.replace('postgres@', 'postgres:pg-password-9f9f@').replace(/\/[^/]+$/, '/no_such_database_here'),
    };
    const result = await doctorJson({ ...env, ...wrong }, ['--online']);
    expect(result.code).toBe(1);
    expect(check(result, 'GitHub App')).toMatchObject({ status: 'fail', message: expect.stringContaining('A JSON web token could not be decoded'), fix: expect.stringContaining('APP_ID') });
    expect(check(result, 'Slack')).toMatchObject({ status: 'fail', message: 'Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)', fix: expect.stringContaining('Bot User OAuth Token') });
    expect(check(result, 'Jira')).toMatchObject({ status: 'fail', message: expect.stringMatching(/GET \/rest\/api\/2\/myself.*Jira answered 401: You are not authenticated: token \*\*\* is not valid/), fix: expect.stringContaining('personal access token') });
    expect(check(result, 'Jenkins')).toMatchObject({ status: 'fail', message: 'Jenkins refused JENKINS_USER ci-bot with JENKINS_API_TOKEN (HTTP 401)' });
    expect(check(result, 'LLM openai')).toMatchObject({ status: 'fail', message: 'OPENAI_API_KEY was refused (HTTP 401)' });
    expect(check(result, 'LLM anthropic').status).toBe('ok');
    expect(check(result, 'Redis')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/) });
    expect(check(result, 'PostgreSQL')).toMatchObject({ status: 'fail', message: expect.stringContaining('no_such_database_here') });
    const printed = result.stdout + result.stderr;
    for (const secret of [...Object.values(SECRETS), ...Object.values(wrong).filter((value) => value.length > 4), 'redis-password-8e8e', 'pg-password-9f9f']) {
      if (secret === wrong.PRIVATE_KEY || secret === wrong.REDIS_URL || secret === wrong.DATABASE_URL) continue;
      expect(printed).not.toContain(secret);
    }
    // OpenAI quotes the start and end of a refused key: not even that is shown.
    expect(printed).not.toContain('sk-open');
    expect(printed).not.toContain('BEGIN PRIVATE KEY');
  }, 60_000);

  it('gives up on a service that never answers at --timeout while the others are checked meanwhile', async () => {
    saas.hung.length = 0;
    const result = await doctorJson({ ...env, SLACK_API_URL: `${saas.url}/hang/slack/`, JENKINS_URL: `${saas.url}/hang/jenkins`, OPENAI_BASE_URL: `${saas.url}/hang/openai` }, ['--timeout', '4', '--online']);
    expect(check(result, 'Slack')).toMatchObject({ status: 'fail', message: `${saas.url}/hang/slack/: no answer within 4 s` });
    expect(check(result, 'Jenkins')).toMatchObject({ status: 'fail', message: `GET ${saas.url}/hang/jenkins/api/json: no answer within 4 s` });
    expect(check(result, 'LLM openai')).toMatchObject({ status: 'fail', message: 'listing models failed: no answer within 4 s' });
    expect(check(result, 'Jira').status).toBe('ok');
    expect(result.code).toBe(1);
    // Checked at once: the three unanswered requests arrived together (give or take loading the OpenAI SDK),
    // not 4 s (one timeout) apart.
    expect(saas.hung).toHaveLength(3);
    expect(Math.max(...saas.hung) - Math.min(...saas.hung)).toBeLessThan(3_000);
  }, 60_000);

  it('with --offline contacts nothing and still checks the key, the tokens and the settings', async () => {
    const before = saas.requests.length;
    const result = await doctorJson({ ...env, REDIS_URL: 'redis://127.0.0.1:1' }, ['--offline']);
    expect(result.code).toBe(0);
    expect(check(result, 'GitHub App')).toMatchObject({ status: 'ok', message: 'app 4242: private key parses, webhook secret set (not contacted: --offline)' });
    expect(check(result, 'Redis')).toMatchObject({ status: 'ok', message: 'redis://127.0.0.1:1 (not contacted: --offline)' });
    expect(saas.requests.length).toBe(before);
  }, 60_000);
});

describe('agentic-sdlc doctor without services', () => {
  it('marks what is not configured with – and exits 0', async () => {
    const result = await cli(['doctor'], { cwd: mkdtempSync(join(tmpdir(), 'doctor-')), env: CLEAN_ENV });
    const lines = result.stdout.trim().split('\n');
    for (const name of ['GitHub App', 'Slack', 'Jira', 'Jenkins', 'LLM', 'Redis', 'PostgreSQL']) {
      expect(lines.find((line) => line.startsWith(`– ${name}: not configured`) || line.startsWith(`– ${name}: no provider configured`)), name).toBeDefined();
    }
    expect(lines.find((line) => /^✓ state directory: .*\.agentic-sdlc will be created/.test(line))).toBeDefined();
    expect(result.code).toBe(0);
  }, 60_000);

  it('fails each half-configured integration naming what is missing', async () => {
    const result = await doctorJson(
      { APP_ID: '7', PRIVATE_KEY: 'not a key', SLACK_BOT_TOKEN: 'xoxb-1', JIRA_HOST: 'https://acme.atlassian.net', JIRA_EMAIL: 'dev@acme.test', JENKINS_URL: 'https://ci.acme.test', AGENTIC_SDLC_MODEL: 'openai:gpt-4.1' },
      ['--offline'],
    );
    expect(check(result, 'GitHub App')).toMatchObject({ status: 'fail', message: 'WEBHOOK_SECRET not set' });
    expect(check(result, 'Slack')).toMatchObject({ status: 'fail', message: 'SLACK_SIGNING_SECRET not set' });
    expect(check(result, 'Jira')).toMatchObject({ status: 'fail', message: 'JIRA_EMAIL is set without JIRA_API_TOKEN' });
    expect(check(result, 'Jenkins')).toMatchObject({ status: 'fail', message: 'jenkins.console needs JENKINS_USER and JENKINS_API_TOKEN too' });
    expect(check(result, 'LLM models')).toMatchObject({ status: 'fail', fix: 'set OPENAI_API_KEY, or choose a model of a configured provider' });
    expect(result.code).toBe(1);
    const keyOnly = await doctorJson({ APP_ID: '7', PRIVATE_KEY: 'not a key', WEBHOOK_SECRET: 'whatever-secret' }, ['--offline']);
    expect(check(keyOnly, 'GitHub App')).toMatchObject({ status: 'fail', message: 'PRIVATE_KEY is not a PEM private key (nor base64 of one)' });
    // The workflows still load without the key.
    expect(check(keyOnly, 'workflows').status).toBe('ok');
  }, 60_000);

  it('reports an invalid configuration with file:line:col and checks nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'engine:\n  concurrency: 0\n');
    const result = await cli(['doctor'], { cwd: dir, env: CLEAN_ENV });
    expect(result.stdout).toBe(
      '✗ configuration: invalid → agentic-sdlc.yaml was read because it is in the current directory; --config <file> or AGENTIC_SDLC_CONFIG chooses another\n' +
        '    agentic-sdlc.yaml:2:16: engine.concurrency: Too small: expected number to be >=1\n' +
        '(the other checks need a valid configuration)\n1 problem to fix\n',
    );
    expect(result.code).toBe(1);
  }, 60_000);

  it('lists each workflow problem with file:line:col, and an unwritable state directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    mkdirSync(join(dir, 'flows'));
    writeFileSync(join(dir, 'flows', 'broken.yml'), 'name: broken\non:\n  manual: {}\nsteps:\n  - id: a\n    uses: no.such-action\n');
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'workflows:\n  dirs: [flows]\n');
    writeFileSync(join(dir, 'a-file'), '');
    const result = await doctorJson({ AGENTIC_SDLC_DB: join(dir, 'a-file', 'state.db') }, [], dir);
    const workflows = check(result, 'workflows');
    expect(workflows).toMatchObject({ status: 'fail', message: '1 problem in 1 file: it is skipped (8 loaded from built-in, flows)', fix: 'correct the files (agentic-sdlc validate checks them)' });
    expect(workflows.details).toEqual([expect.stringMatching(/flows\/broken\.yml:6:11: .*no\.such-action/)]);
    expect(check(result, 'state directory')).toMatchObject({ status: 'fail', message: `${join(dir, 'a-file')}: ${join(dir, 'a-file')} is not a directory` });
    expect(result.code).toBe(1);
  }, 60_000);
});
