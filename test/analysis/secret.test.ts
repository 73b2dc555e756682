import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanLine, type SecretRuleOptions } from '../../src/analysis/rules/secret.js';
import { SECRETS, addedFileDiff, analyzeText, located, octokitDir, onlyRule, probotDir, readDiff, readPlanted } from './helpers.js';

const secretsOf = (text: string, config?: Parameters<typeof analyzeText>[1]) => onlyRule(analyzeText(text, config).findings, 'secret');

describe('secret rule on a real diff with planted credentials', () => {
  const findings = secretsOf(readPlanted('planted-1k-v13.4.4..v13.4.5.diff'));

  it('reports each planted credential at its exact new-side line', () => {
    expect(located(findings)).toEqual([
      'warning secret docs/webhooks.md:15',
      'error secret src/create-node-middleware.ts:7',
      'error secret src/create-node-middleware.ts:8',
      'error secret src/create-node-middleware.ts:9',
      'error secret src/server/server.ts:68',
      'error secret src/server/server.ts:69',
      'error secret src/server/server.ts:70',
      'error secret src/server/server.ts:71',
      'warning secret test/server.test.ts:269',
    ]);
  });

  it('names the kind of credential and shows only a masked form', () => {
    const last4 = (secret: string) => secret.slice(-4);
    expect(findings.map((finding) => finding.message)).toEqual([
      `Slack webhook URL committed (https://hooks.slack.com/services/…${last4(SECRETS.SLACK_WEBHOOK_URL)}) in a test, example or docs file`,
      `AWS access key ID committed (AKIA…${last4(SECRETS.AWS_ACCESS_KEY_ID)})`,
      `GitHub personal access token committed (ghp_…${last4(SECRETS.GITHUB_TOKEN)})`,
      'Hardcoded secret assigned to "dbPassword" (…k4Fs, 16 characters)',
      `OpenAI API key committed (sk-proj-…${last4(SECRETS.OPENAI_KEY)})`,
      `Anthropic API key committed (sk-ant-…${last4(SECRETS.ANTHROPIC_KEY)})`,
      `Slack bot token committed (xoxb-…${last4(SECRETS.SLACK_BOT_TOKEN)})`,
      'Private key committed (-----BEGIN RSA PRIVATE KEY-----)',
      `GitHub personal access token committed (ghp_…${last4(SECRETS.GITHUB_TOKEN_IN_TEST)}) in a test, example or docs file`,
    ]);
    const everything = JSON.stringify(findings);
    for (const secret of [...Object.values(SECRETS).filter((value) => value.length > 20 && !value.includes('PRIVATE KEY')), 'q8Zr2vLx9TmWk4Fs']) {
      expect(everything).not.toContain(secret);
    }
  });

  it("leaves AWS's documented sample key and an environment fallback alone", () => {
    // docs/webhooks.md:16 holds AKIAIOSFODNN7EXAMPLE; src/create-node-middleware.ts:10 holds `process.env.API_KEY ?? "changeme"`.
    expect(findings.map((finding) => `${finding.file}:${finding.line}`)).not.toContain('docs/webhooks.md:16');
    expect(findings.map((finding) => `${finding.file}:${finding.line}`)).not.toContain('src/create-node-middleware.ts:10');
  });
});

describe('secret rule on the unmodified corpora', () => {
  const corpusDiffs = [probotDir, octokitDir].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.diff'))
      .map((name) => path.join(dir, name)),
  );

  it('raises no error anywhere; the sample keys of tests and examples are warnings', () => {
    const all = corpusDiffs.flatMap((file) =>
      located(secretsOf(readDiff(file))).map((where) => `${path.basename(file)} ${where}`),
    );
    // Every hit is a test fixture or an example app's throwaway RSA key, or the fake client_secret of a test
    // (GitHub's manifest example): worth a look in review, not a blocker.
    expect(all).toEqual([
      '30k-v12.0.0..v13.0.0.diff warning secret example/node-middleware.cjs:10',
      '30k-v12.0.0..v13.0.0.diff warning secret test/apps/setup.test.ts:115',
      '30k-v12.0.0..v13.0.0.diff warning secret test/e2e/e2e.test.ts:70',
      '30k-v12.0.0..v13.0.0.diff warning secret test/integration/integration-smee.test.ts:31',
      'v14-major-97c40575.diff warning secret test/integration/integration-add-handler.test.ts:27',
      'v14-major-97c40575.diff warning secret test/integration/integration-smee.test.ts:30',
    ]);
  });

  it('skips one-line stand-ins like "-----BEGIN RSA PRIVATE KEY-----\\nsecrets\\n-----END RSA PRIVATE KEY-----"', () => {
    // v14-major-97c40575.diff adds two such lines to test/manifest-creation.test.ts.
    const manifestTest = secretsOf(readDiff(path.join(probotDir, 'v14-major-97c40575.diff'))).filter(
      (finding) => finding.file === 'test/manifest-creation.test.ts',
    );
    expect(manifestTest).toEqual([]);
  });

  it('can drop sample findings entirely', () => {
    const text = readDiff(path.join(probotDir, '30k-v12.0.0..v13.0.0.diff'));
    expect(secretsOf(text, { rules: { secret: { options: { sampleSeverity: 'off' } } } })).toEqual([]);
  });
});

describe('secret rule: what counts as a secret', () => {
  const hits = (lines: string[], file = 'src/config.ts') => located(secretsOf(addedFileDiff(file, lines)));

  it('ignores placeholders, references and identifiers', () => {
    expect(
      hits([
        'const password = "changeme";',
        'const token = "${GITHUB_TOKEN}";',
        'const apiKey = process.env.API_KEY;',
        'const secret = "xxxxxxxxxxxxxxxxxxxx";',
        'const clientSecret = "your-client-secret-here";',
        'const tokenType = "Bearer9f8a7b6c5d4e";',
        'const author = "Zq8Lr2Vx9TmWk4FsPq";',
        'const token = "installation-token-for-app";',
        'const password = "<password goes here>";',
        'const tokenUrl = "https://github.com/login/oauth/access_token";',
        'const githubToken = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";',
      ]),
    ).toEqual([]);
  });

  it('reports high-entropy values assigned to secret-looking names in code and config files', () => {
    expect(hits(['export const DB_PASSWORD = "Zq8Lr2Vx9TmWk4Fs";', '  "apiKey": "aB3dE5fG7hJ9kL1mN3pQ",', 'auth_token := `r9T2xW8qL5vZ3nB7`'])).toEqual([
      'error secret src/config.ts:1',
      'error secret src/config.ts:2',
      'error secret src/config.ts:3',
    ]);
    expect(hits(['DATABASE_PASSWORD=Zq8Lr2Vx9TmWk4Fs', 'PORT=3000'], '.env.production')).toEqual(['error secret .env.production:1']);
    expect(hits(['webhook_secret: Zq8Lr2Vx9TmWk4Fs'], 'config/app.yml')).toEqual(['error secret config/app.yml:1']);
  });

  it('respects the entropy and length options', () => {
    const text = addedFileDiff('src/config.ts', ['const password = "abcabcabcabcab12";']);
    expect(secretsOf(text)).toEqual([]);
    expect(located(secretsOf(text, { rules: { secret: { options: { entropy: 2 } } } }))).toEqual(['error secret src/config.ts:1']);
  });

  it('finds every GitHub token kind and fine-grained tokens', () => {
    const body = SECRETS.GITHUB_TOKEN.slice(4);
    const lines = ['gho_', 'ghu_', 'ghs_', 'ghr_'].map((prefix, i) => `const t${i} = "${prefix}${body}";`);
    lines.push(`const fine = "${['github', '_pat_'].join('')}11ABCDEFG0123456789abc_${body}${body.slice(0, 23)}";`);
    expect(secretsOf(addedFileDiff('src/tokens.ts', lines)).map((finding) => finding.message.replace(/\(.*\)/, '(…)'))).toEqual([
      'GitHub OAuth access token committed (…)',
      'GitHub user-to-server token committed (…)',
      'GitHub installation token committed (…)',
      'GitHub refresh token committed (…)',
      'GitHub fine-grained personal access token committed (…)',
    ]);
  });

  it('tells a private key header from code that names one by the line after it, and counts it when that line is unknown', () => {
    const options: SecretRuleOptions = { entropy: 3.5, minLength: 12, sampleSeverity: 'warning', placeholders: [] };
    const header = `const PEM = \`${SECRETS.PRIVATE_KEY_BEGIN}`;
    const isKey = (after: string | undefined, withNeighbours = true) =>
      scanLine(header, false, options, undefined, withNeighbours ? { ...(after === undefined ? {} : { after }) } : undefined).length === 1;
    expect(isKey(SECRETS.PRIVATE_KEY_BODY_1)).toBe(true);
    expect(isKey('Proc-Type: 4,ENCRYPTED')).toBe(true);
    expect(isKey('${process.env.PRIVATE_KEY_BODY}')).toBe(false);
    expect(isKey('')).toBe(false);
    // The last line of a hunk, or a prompt line the redaction masks: nothing says it is not a key.
    expect(isKey(undefined)).toBe(true);
    expect(isKey(undefined, false)).toBe(true);
    expect(hits(['x = 1', header])).toEqual(['error secret src/config.ts:2']);
    expect(hits([header, '${body}', `${SECRETS.PRIVATE_KEY_END}\`;`])).toEqual([]);
  });

  it('skips binary, deleted, lockfile and vendored files', () => {
    const line = `const token = "${SECRETS.GITHUB_TOKEN}";`;
    const text = [addedFileDiff('vendor/lib/client.js', [line]), addedFileDiff('dist/index.js', [line]), addedFileDiff('src/ok.ts', [line])].join('');
    expect(located(secretsOf(text))).toEqual(['error secret src/ok.ts:1']);
  });
});
