import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import examples from '@octokit/webhooks-examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliResult } from '../helpers/cli.js';
import { fakeOpenAi, llmConfigFile } from '../cli/review-helpers.js';
import { openAiCompletion } from '../llm/helpers.js';
import { startFakeGithub, type Call, type FakeGithub } from './fake-github.js';
import { parseOutputFile } from './output-file.js';

/**
 * `agentic-sdlc action` end to end: the real CLI in a child process with the environment a GitHub Actions
 * runner gives a step, real webhook payloads from @octokit/webhooks-examples as the event file, and the REST
 * API answered by a local server (fake-github.ts) standing in for GITHUB_API_URL.
 */

const REPO = 'Codertocat/Hello-World';
const API = `/repos/${REPO}`;
const TOKEN = 'ghs_jobtoken0123456789abcdefghijklmnopqr';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
// Built here so no credential-shaped string is committed; the analyzer's `secret` rule flags its shape.
const AWS_KEY_ID = ['AKIA', 'Z3MS5TQ4', 'HUPV7RWQ'].join('');
const LINES = ["export const region = 'us-east-1';", `export const awsKeyId = '${AWS_KEY_ID}';`, "export const bucket = 'assets';"];
const patch = (lines: string[]) => [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join('\n');

type Payload = Record<string, unknown> & { action?: string; installation?: unknown; pull_request?: Record<string, unknown> };
function payload(name: string, predicate: (example: Payload) => boolean): Payload {
  const entry = (examples as unknown as { name: string; examples: Payload[] }[]).find((candidate) => candidate.name === name);
  const found = entry?.examples.find(predicate);
  if (!found) throw new Error(`@octokit/webhooks-examples has no matching ${name} example`);
  return structuredClone(found);
}

let dir: string;
let github: FakeGithub;
let step = 0;

interface StepResult extends CliResult {
  outputs: Record<string, string>;
  summary: string;
  calls: Call[];
}

/** One action step as a runner starts it: event file, GITHUB_* variables, INPUT_* inputs, output files. */
async function runStep(eventName: string, event: unknown, inputs: Record<string, string>, extra: Record<string, string> = {}): Promise<StepResult> {
  const n = ++step;
  const files = { event: join(dir, `event-${n}.json`), output: join(dir, `output-${n}`), summary: join(dir, `summary-${n}.md`) };
  writeFileSync(files.event, JSON.stringify(event));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const before = github.calls.length;
  const result = await cli(['action'], {
    cwd: dir,
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: github.url,
      GITHUB_RUN_ID: String(9000 + n),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      // Each job starts on a fresh runner: a fresh temporary folder, so nothing of an earlier run's state.
      RUNNER_TEMP: mkdtempSync(join(dir, 'runner-temp-')),
      GITHUB_TOKEN: '',
      // Nothing from the machine running the tests: no model, no App, no other state or configuration.
      ...Object.fromEntries(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OLLAMA_BASE_URL', 'AGENTIC_SDLC_MODEL', 'AGENTIC_SDLC_DB', 'AGENTIC_SDLC_CONFIG', 'APP_ID', 'PRIVATE_KEY', 'REDIS_URL', 'DATABASE_URL', 'RUNNER_DEBUG'].map((name) => [name, ''])),
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
      ...extra,
    },
  });
  return { ...result, outputs: parseOutputFile(readFileSync(files.output, 'utf8')), summary: readFileSync(files.summary, 'utf8'), calls: github.calls.slice(before) };
}

const routes = (calls: Call[]) => calls.map((call) => `${call.method} ${call.path}`);
const bodiesOf = (calls: Call[], method: string, path: string) => calls.filter((call) => call.method === method && call.path === path).map((call) => call.body as Record<string, unknown>);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-action-'));
  const opened = payload('pull_request', (example) => example.action === 'opened' && example.installation === undefined);
  github = await startFakeGithub({ repo: REPO, token: TOKEN, pull: opened.pull_request! });
});

afterAll(async () => {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agentic-sdlc action on pull_request events', () => {
  const opened = () => payload('pull_request', (example) => example.action === 'opened' && example.installation === undefined);
  const synchronize = () => payload('pull_request', (example) => example.action === 'synchronize');

  it('opened: check run, sticky comment and inline review on the job token; annotations, outputs and summary; fail-on error fails', async () => {
    github.files = [{ filename: 'src/config.ts', status: 'added', additions: 3, deletions: 0, patch: patch(LINES) }];
    const result = await runStep('pull_request', opened(), { workflow: 'review', 'fail-on': 'error', 'github-token': TOKEN });

    expect(result.stderr).not.toContain('Error:');
    expect(result.code).toBe(1);
    expect(routes(result.calls)).toEqual([
      `GET ${API}/contents/.github/agentic-sdlc.yml`,
      `GET /repos/Codertocat/.github/contents/.github/agentic-sdlc.yml`,
      `POST ${API}/check-runs`,
      `GET ${API}/pulls/2/files`,
      // The feedback step: 👎 reactions and replies on earlier review comments.
      `GET ${API}/pulls/2/comments`,
      `GET ${API}/issues/2/comments`,
      `POST ${API}/issues/2/comments`,
      `GET ${API}/pulls/2/comments`,
      `POST ${API}/pulls/2/reviews`,
      expect.stringMatching(new RegExp(`^PATCH ${API}/check-runs/\\d+$`)),
    ]);
    expect(result.calls.every((call) => call.authorization === `token ${TOKEN}` && !call.unrouted)).toBe(true);

    const [started] = bodiesOf(result.calls, 'POST', `${API}/check-runs`);
    expect(started).toMatchObject({ name: 'agentic-sdlc / review', head_sha: HEAD, status: 'in_progress' });
    const concluded = result.calls.at(-1)!.body as { conclusion: string; output: { annotations: { path: string; start_line: number; annotation_level: string; title: string }[] } };
    expect(concluded.conclusion).toBe('failure');
    expect(concluded.output.annotations).toContainEqual(expect.objectContaining({ path: 'src/config.ts', start_line: 2, annotation_level: 'failure', title: expect.stringContaining('secret') }));

    const [comment] = bodiesOf(result.calls, 'POST', `${API}/issues/2/comments`);
    expect(comment!.body).toMatch(/^<!-- agentic-sdlc:sticky:pr-review -->\n/);
    const [review] = bodiesOf(result.calls, 'POST', `${API}/pulls/2/reviews`) as { commit_id: string; event: string; comments: { path: string; line: number; body: string }[] }[];
    expect(review!.commit_id).toBe(HEAD);
    expect(review!.event).toBe('COMMENT');
    expect(review!.comments.map(({ path, line }) => ({ path, line }))).toEqual([{ path: 'src/config.ts', line: 2 }]);
    expect(review!.comments[0]!.body).toContain('**secret**');

    expect(result.stdout).toMatch(/^::error file=src\/config\.ts,line=2,title=agentic-sdlc%3A secret::\S.*$/m);
    expect(result.stdout).toContain('agentic-sdlc: 1 finding fails the step: error or worse (fail-on: error)');
    const findings = JSON.parse(result.outputs.findings!) as { rule: string; severity: string; file: string; line?: number }[];
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'secret', severity: 'error', file: 'src/config.ts', line: 2 }));
    expect(result.outputs.errors).toBe('1');
    expect(result.outputs.warnings).toBe(String(findings.filter((finding) => finding.severity === 'warning').length));
    expect(result.outputs['run-id']).toMatch(/\S/);
    expect(result.outputs.report).toContain('\n');
    expect(result.summary).toContain(result.outputs.report!.trim());
    expect(result.summary).toContain(`run \`${result.outputs['run-id']}\``);
    // The key itself is in no comment, annotation, output or summary.
    for (const text of [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs), JSON.stringify(result.calls.map((call) => call.body))]) {
      expect(text).not.toContain(AWS_KEY_ID);
    }
  }, 60_000);

  it('synchronize: the sticky comment is updated, not duplicated; only the new finding is commented; fail-on never passes', async () => {
    const lines = [...LINES, 'console.log(bucket);'];
    github.files = [{ filename: 'src/config.ts', status: 'added', additions: 4, deletions: 0, patch: patch(lines) }];
    const result = await runStep('pull_request', synchronize(), { 'fail-on': 'never', 'github-token': TOKEN });

    expect(result.code).toBe(0);
    expect(result.calls.filter((call) => call.unrouted)).toEqual([]);
    expect(bodiesOf(result.calls, 'POST', `${API}/issues/2/comments`)).toEqual([]);
    const updates = result.calls.filter((call) => call.method === 'PATCH' && /\/issues\/comments\/\d+$/.test(call.path));
    expect(updates.map((call) => call.path)).toEqual([`${API}/issues/comments/${github.comments[0]!.id as number}`]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toContain('console.log');

    const [review] = bodiesOf(result.calls, 'POST', `${API}/pulls/2/reviews`) as { comments: { path: string; line: number; body: string }[] }[];
    expect(review!.comments.map(({ path, line }) => ({ path, line }))).toEqual([{ path: 'src/config.ts', line: 4 }]);
    expect(review!.comments[0]!.body).toContain('debug-leftover');
    expect(routes(result.calls).filter((route) => route.includes('check-runs'))).toHaveLength(2);

    expect(result.stdout).toMatch(/^::error file=src\/config\.ts,line=2,title=agentic-sdlc%3A secret::/m);
    expect(result.stdout).toMatch(/^::warning file=src\/config\.ts,line=4,title=agentic-sdlc%3A debug-leftover::/m);
    expect(result.stdout).toContain('fail-on: never');
    expect(result.outputs.errors).toBe('1');
    expect(Number(result.outputs.warnings)).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('agentic-sdlc action with an LLM key', () => {
  it('the openai-api-key, model and config inputs give the AI review, whose finding is annotated and commented like the others', async () => {
    const answer = { findings: [{ file: 'src/config.ts', line: 1, endLine: null, severity: 'warning', category: 'correctness', confidence: 'high', message: 'The region is hardcoded.', suggestion: null, suggestedCode: null }] };
    const provider = await fakeOpenAi(200, openAiCompletion(JSON.stringify(answer), { prompt_tokens: 900, completion_tokens: 60 }));
    try {
      llmConfigFile(dir); // `llm-0.yaml` in the workspace: no retries, no response cache
      github.files = [{ filename: 'src/config.ts', status: 'added', additions: 3, deletions: 0, patch: patch(LINES) }];
      const inputs = { 'fail-on': 'never', 'github-token': TOKEN, 'openai-api-key': 'sk-test-openai-key-0123456789', model: 'openai:gpt-4.1-mini', config: 'llm-0.yaml' };
      const result = await runStep('pull_request', payload('pull_request', (example) => example.action === 'reopened'), inputs, { OPENAI_BASE_URL: provider.baseURL });
      expect(result.code).toBe(0);
      expect(provider.requests).toBe(1);
      expect(result.stdout).toMatch(/^::warning file=src\/config\.ts,line=1,title=agentic-sdlc%3A llm-review::The region is hardcoded\./m);
      const [review] = bodiesOf(result.calls, 'POST', `${API}/pulls/2/reviews`) as { comments: { path: string; line: number; body: string }[] }[];
      expect(review!.comments).toContainEqual(expect.objectContaining({ path: 'src/config.ts', line: 1, body: expect.stringContaining('The region is hardcoded.') }));
      expect(result.stdout).not.toContain('sk-test-openai-key-0123456789');
    } finally {
      await provider.close();
    }
  }, 60_000);
});

describe('agentic-sdlc action when GitHub refuses', () => {
  it('a read-only token (a fork under pull_request): the run fails, exit code 1 whatever fail-on says, and the error says why', async () => {
    github.refuse = /^POST .*\/check-runs$/;
    const result = await runStep('pull_request', payload('pull_request', (example) => example.action === 'reopened'), { 'fail-on': 'never', 'github-token': TOKEN });
    github.refuse = undefined;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error title=agentic-sdlc::pr-review failure: .*GitHub answered 403.* \(the job token may not write here: give the job `permissions: .*pull-requests: write, checks: write/m);
    expect(result.outputs).toMatchObject({ findings: '[]', errors: '0' });
    expect(result.summary).toContain('pr-review failure');
  }, 60_000);
});

describe("the repository's .github/agentic-sdlc.yml, as the App reads it", () => {
  const opened = () => payload('pull_request', (example) => example.action === 'opened' && example.installation === undefined);
  const writes = (calls: Call[]) => calls.filter((call) => call.method !== 'GET');

  it('its analyzer settings reach the review (pull_request_target, reviewed as pull_request): the key as a warning passes fail-on error', async () => {
    github.repoConfig = 'analyzer:\n  rules:\n    secret: { severity: warning }\n';
    github.files = [{ filename: 'src/config.ts', status: 'added', additions: 3, deletions: 0, patch: patch(LINES) }];
    const result = await runStep('pull_request_target', opened(), { 'fail-on': 'error', 'github-token': TOKEN });
    github.repoConfig = undefined;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^::warning file=src\/config\.ts,line=2,title=agentic-sdlc%3A secret::/m);
    expect(result.outputs.errors).toBe('0');
    expect(routes(result.calls)[0]).toBe(`GET ${API}/contents/.github/agentic-sdlc.yml`);
  }, 60_000);

  it('an invalid file is an error annotation on its line, exit code 1, and nothing posted', async () => {
    github.repoConfig = 'enabled: true\npullRequests:\n  drafts: sometimes\n';
    const result = await runStep('pull_request', opened(), { 'github-token': TOKEN });
    github.repoConfig = undefined;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=\.github\/agentic-sdlc\.yml,line=3,col=11,title=agentic-sdlc configuration::pullRequests\.drafts: /m);
    expect(writes(result.calls)).toEqual([]);
  }, 60_000);

  it('a draft pull request waits, as under the App: a notice and exit code 0, nothing posted', async () => {
    const draft = opened();
    draft.pull_request!.draft = true;
    const result = await runStep('pull_request', draft, { 'github-token': TOKEN });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^::notice title=agentic-sdlc::draft pull request: not reviewed until it is ready .*; nothing to do$/m);
    expect(writes(result.calls)).toEqual([]);
  }, 60_000);
});

describe('agentic-sdlc action on a /sdlc review comment', () => {
  const comment = () => {
    const event = payload('issue_comment', (example) => example.action === 'created');
    const issue = event.issue as Record<string, unknown>;
    Object.assign(issue, { number: 2, pull_request: { url: `https://api.github.com${API}/pulls/2`, html_url: `https://github.com/${REPO}/pull/2` } });
    (event.comment as Record<string, unknown>).body = '/sdlc review';
    return event;
  };

  it('from a commenter without write access: the App\'s refusal as a notice, exit code 0, nothing posted', async () => {
    github.permission = 'read';
    const result = await runStep('issue_comment', comment(), { 'github-token': TOKEN });
    github.permission = 'admin';
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^::notice title=agentic-sdlc::Sorry @Codertocat, only collaborators with write access or more can run `\/sdlc` commands here; nothing to do$/m);
    expect(routes(result.calls)).toContain(`GET ${API}/collaborators/Codertocat/permission`);
    expect(result.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  }, 60_000);

  it('from a maintainer: the review runs on the pull request, its head read from the API', async () => {
    github.files = [{ filename: 'src/config.ts', status: 'added', additions: 3, deletions: 0, patch: patch(LINES) }];
    const result = await runStep('issue_comment', comment(), { 'fail-on': 'never', 'github-token': TOKEN });
    expect(result.code).toBe(0);
    expect(routes(result.calls)).toContain(`GET ${API}/pulls/2`);
    expect(bodiesOf(result.calls, 'POST', `${API}/check-runs`)).toEqual([expect.objectContaining({ head_sha: HEAD, status: 'in_progress' })]);
    expect(result.stdout).toMatch(/^::error file=src\/config\.ts,line=2,title=agentic-sdlc%3A secret::/m);
  }, 60_000);
});

describe('agentic-sdlc action on other events', () => {
  it('a push is not reviewed: a notice, empty outputs, exit code 0 and no API call', async () => {
    const push = payload('push', () => true);
    const result = await runStep('push', push, { 'github-token': TOKEN });
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([]);
    expect(result.stdout).toMatch(/^::notice title=agentic-sdlc::pr-review does not run on push: it runs on .*pull_request \(opened, synchronize, reopened, ready_for_review\).*; nothing to do$/m);
    expect(result.outputs).toEqual({ findings: '[]', errors: '0', warnings: '0', 'run-id': '', report: '' });
    expect(result.summary).toContain('nothing to do for push');
  }, 60_000);

  it('outside a runner it names the missing variable and exits 1', async () => {
    const result = await cli(['action'], { cwd: dir, env: { GITHUB_EVENT_NAME: '', GITHUB_TOKEN: TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('agentic-sdlc: GITHUB_EVENT_NAME is not set: agentic-sdlc action runs as a step of a GitHub Actions job');
  }, 30_000);
});
