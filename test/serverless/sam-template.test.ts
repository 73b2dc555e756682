// deploy/lambda/template.yaml against what it deploys: the handler it names exists, every environment variable it
// sets is one the configuration reads, its Node runtime is one the package supports, and its code directory is
// build.sh's. With cfn-lint on the PATH, the template is also linted (SAM transform and resource schemas).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const templateFile = join(root, 'deploy/lambda/template.yaml');

/** CloudFormation's short-form functions, as the long forms they stand for. */
const customTags = ['Ref', 'Sub', 'GetAtt', 'If', 'Join', 'Select'].map((name) => ({
  tag: `!${name}`,
  resolve: (value: string) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }),
}));
const template = parse(readFileSync(templateFile, 'utf8'), { customTags }) as {
  Resources: { IngestFunction: { Properties: { CodeUri: string; Handler: string; Runtime: string; Environment: { Variables: Record<string, unknown> } } } };
  Outputs: { FunctionUrl: { Description: string } };
};
const fn = template.Resources.IngestFunction.Properties;

/** A value each variable accepts, and the configuration key it must change. */
const SAMPLES: Record<string, { value: string; key: (config: ReturnType<typeof loadConfig>) => unknown }> = {
  AGENTIC_SDLC_CONFIG: { value: 'config/agentic-sdlc.yaml', key: (config) => config.log.level },
  AGENTIC_SDLC_REDIS_PREFIX: { value: 'ingest-test', key: (config) => config.redisPrefix },
  DATABASE_URL: { value: 'postgres://db.internal/agentic', key: (config) => config.databaseUrl },
  REDIS_URL: { value: 'rediss://redis.internal:6379', key: (config) => config.redisUrl },
  APP_ID: { value: '12345', key: (config) => config.github.appId },
  PRIVATE_KEY: { value: '-----BEGIN RSA PRIVATE KEY-----', key: (config) => config.github.privateKey },
  WEBHOOK_SECRET: { value: 'a-webhook-secret', key: (config) => config.github.webhookSecret },
  SLACK_SIGNING_SECRET: { value: 'a-signing-secret', key: (config) => config.slack.signingSecret },
  SLACK_BOT_TOKEN: { value: 'xoxb-1', key: (config) => config.slack.botToken },
  JENKINS_WEBHOOK_TOKEN: { value: 'a-jenkins-token-0123456789', key: (config) => config.jenkins.webhookToken },
};

describe('deploy/lambda/template.yaml', () => {
  it('names a handler the build produces: dist/serverless/lambda.js exporting handler', async () => {
    const [file, exported] = [fn.Handler.slice(0, fn.Handler.lastIndexOf('.')), fn.Handler.slice(fn.Handler.lastIndexOf('.') + 1)];
    expect(file).toBe('dist/serverless/lambda');
    const module = (await import(join(root, 'src/serverless/lambda.ts'))) as Record<string, unknown>;
    expect(typeof module[exported]).toBe('function');
  });

  it('sets only environment variables the configuration reads, each changing the key it names', () => {
    const names = Object.keys(fn.Environment.Variables).filter((name) => name !== 'NODE_ENV');
    expect(names.sort()).toEqual(Object.keys(SAMPLES).sort());
    const cwd = mkdtempSync(join(tmpdir(), 'agentic-sdlc-sam-'));
    try {
      mkdirSync(join(cwd, 'config'));
      writeFileSync(join(cwd, 'config/agentic-sdlc.yaml'), 'log:\n  level: warn\n');
      const defaults = loadConfig({ cwd, env: {} });
      for (const [name, sample] of Object.entries(SAMPLES)) {
        const changed = loadConfig({ cwd, env: { [name]: sample.value } });
        expect(sample.key(changed), name).not.toEqual(sample.key(defaults));
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('runs on a Node.js version package.json supports', () => {
    const major = /^nodejs(\d+)\.x$/.exec(fn.Runtime)?.[1];
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(major, fn.Runtime).toBeDefined();
    expect(semver.satisfies(`${major}.99.0`, engines), `${fn.Runtime} against engines ${engines}`).toBe(true);
  });

  it("deploys build.sh's output and names the webhook paths the integrations serve by default", () => {
    expect(join(root, 'deploy/lambda', fn.CodeUri)).toBe(join(root, '.lambda'));
    expect(readFileSync(join(root, 'deploy/lambda/build.sh'), 'utf8')).toContain('out=${1:-$root/.lambda}');
    const defaults = configSchema.parse({});
    for (const path of [defaults.github.webhookPath, defaults.slack.path, defaults.jenkins.webhookPath]) {
      expect(template.Outputs.FunctionUrl.Description).toContain(`<url>${path.slice(1)}`);
    }
  });

  const cfnLint = spawnSync('cfn-lint', ['--version']).status === 0;
  it.skipIf(!cfnLint)('passes cfn-lint (SAM transform, resource schemas)', () => {
    const result = spawnSync('cfn-lint', [templateFile], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
