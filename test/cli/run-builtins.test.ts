import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { example } from '../github/helpers.js';

// No provider and no GitHub App: what a CI job or a laptop without keys sees.
const OFFLINE = { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', OLLAMA_BASE_URL: '', APP_ID: '', AGENTIC_SDLC_CONFIG: '' };
let dir: string;
let db: string;
let issueOpened: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-run-builtins-'));
  db = join(dir, 'state.db');
  // The real payload: "Spelling error in the README file" (Codertocat/Hello-World#1), with an installation.
  issueOpened = join(dir, 'issues.opened.json');
  writeFileSync(issueOpened, JSON.stringify(example('issues', (payload) => payload.action === 'opened')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => cli(['--db', db, 'run', ...args], { env: OFFLINE });

describe('agentic-sdlc run of the built-in workflows', () => {
  it('issue-triage on a saved issues.opened payload prints the labels the keyword rules pick, and skips the GitHub steps', async () => {
    const { code, stdout, stderr } = await run('issue-triage', '--event', issueOpened, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { run: { status: string }; outputs: Record<string, unknown>; steps: { id: string; status: string }[] };
    expect(result.run.status).toBe('success');
    expect(result.outputs).toMatchObject({ 'keyword-labels': ['bug', 'documentation'], labels: null });
    expect(result.steps.map((step) => [step.id, step.status])).toEqual([
      ['context', 'skipped'],
      ['rules', 'success'],
      ['triage', 'skipped'],
      ['label-ai', 'skipped'],
      ['label', 'skipped'],
    ]);
  });

  it('issue-triage without an event fails and says to pass --event', async () => {
    const { code, stderr } = await run('issue-triage');
    expect(code).toBe(1);
    expect(stderr).toContain(
      'agentic-sdlc: issue-triage did nothing: every step was skipped by its if: condition.\n' +
        '  It needs the GitHub event it works on: --event <saved issue_comment or issues webhook payload.json>\n',
    );
  });

  it('pr-ask without a question fails before any run, naming the input and how to pass it', async () => {
    const { code, stdout, stderr } = await run('pr-ask');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "agentic-sdlc: input 'question' is required when pr-ask runs without a trigger event (string: The question; from the `/sdlc ask` comment when run from GitHub); pass it with --input question=<text>, or --input question=@<file> to read it from a file\n",
    );
  });

  it.each(['pr-review', 'pr-describe'])('%s without a diff fails before any run, saying how to give one', async (name) => {
    const { code, stderr } = await run(name);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^agentic-sdlc: input 'diff' is required when ${name} runs without a trigger event \\(string: .*\\); pass it with --input diff=<text>, or --input diff=@<file> to read it from a file\n$`));
    const runs = await cli(['--db', db, 'runs', 'list', '--json'], { env: OFFLINE });
    expect(JSON.parse(runs.stdout)).not.toContainEqual(expect.objectContaining({ workflow: name }));
  });

  it('pr-review with an empty diff file is a review of no changes, not a missing input', async () => {
    const empty = join(dir, 'empty.diff');
    writeFileSync(empty, '');
    const { code, stdout } = await run('pr-review', '--input', `diff=@${empty}`, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ run: { status: 'success' } });
  });

  it('a missing required input is named with the --input that gives it, before any run is recorded', async () => {
    const file = join(dir, 'needs-input.yml');
    writeFileSync(
      file,
      ['name: needs-input', 'inputs:', '  diff: { type: string, required: true, description: The diff }', '  limit: { type: number, required: true }', 'steps:', '  - uses: diff.analyze', '    with: { diff: "${{ inputs.diff }}" }', ''].join('\n'),
    );
    const { code, stderr } = await run(file);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "agentic-sdlc: input 'diff' is required (string: The diff); pass it with --input diff=<text>, or --input diff=@<file> to read it from a file\n" +
        "input 'limit' is required (number); pass it with --input limit=<number>\n",
    );
    const runs = await cli(['--db', db, 'runs', 'list', '--json'], { env: OFFLINE });
    expect(JSON.parse(runs.stdout)).not.toContainEqual(expect.objectContaining({ workflow: 'needs-input' }));
  });
});
