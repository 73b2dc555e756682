import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

// A quote and a backslash: its JSON-escaped form (what a JSON printer or column holds) differs from it.
const TOKEN = 'pa"ss\\word-Zq81';
const FORMS = [TOKEN, JSON.stringify(TOKEN).slice(1, -1)];
const env = { AGENTIC_SDLC_SECRET_TOKEN: TOKEN };

let dir: string;
let db: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-cli-secrets-'));
  db = join(dir, 'state', 'state.db');
  file = join(dir, 'leaky.yml');
  writeFileSync(
    file,
    [
      'name: leaky',
      'steps:',
      '  - id: analyze',
      '    uses: diff.analyze',
      '    with: { diff: "" }',
      // JSON.parse quotes its input in its error: this step fails with the secret in its message.
      '  - id: parse',
      '    uses: diff.analyze',
      '    continue-on-error: true',
      '    with: { diff: "${{ fromJSON(secrets.TOKEN) }}" }',
      'outputs:',
      '  raw: ${{ secrets.TOKEN }}',
      '  all: ${{ secrets }}',
      '  json: ${{ toJSON(secrets) }}',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectNoSecret(text: string | Buffer, where: string): void {
  const bytes = Buffer.from(text);
  for (const form of FORMS) expect(bytes.includes(form), `${where} holds ${form}`).toBe(false);
}

describe('configured secrets in CLI output and the state file', () => {
  it('`run --json` and `runs show --json` print masked outputs and errors, and the state file holds no secret bytes', async () => {
    const ran = await cli(['--db', db, 'run', file, '--json'], { env });
    expect(ran.code).toBe(0);
    const printed = JSON.parse(ran.stdout) as { run: { id: string }; outputs: unknown; steps: { id: string; error?: string }[] };
    expect(printed.outputs).toEqual({ raw: '***', all: { TOKEN: '***' }, json: '{\n  "TOKEN": "***"\n}' });
    expect(printed.steps.find((s) => s.id === 'parse')?.error).toContain('"***" is not valid JSON');
    expectNoSecret(ran.stdout + ran.stderr, '`run --json`');

    const shown = await cli(['--db', db, 'runs', 'show', printed.run.id, '--json'], { env });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ outputs: printed.outputs });
    expectNoSecret(shown.stdout + shown.stderr, '`runs show --json`');

    const stateDir = join(dir, 'state');
    for (const name of readdirSync(stateDir)) expectNoSecret(readFileSync(join(stateDir, name)), name);
  });
});
