import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

// Nothing from the test runner's environment may choose the file or the database.
const CLEAN = { AGENTIC_SDLC_CONFIG: '', AGENTIC_SDLC_DB: '' };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-config-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the configuration file the CLI reads', () => {
  it("ignores another tool's config.yaml in the current directory", async () => {
    writeFileSync(join(dir, 'config.yaml'), 'version: 2\ndatabase:\n  url: postgres://localhost/app\n');
    const { code, stderr } = await cli(['--db', join(dir, 'state.db'), 'runs', 'list'], { cwd: dir, env: CLEAN });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('reads agentic-sdlc.yaml from the current directory, and its mistakes say how to choose another file', async () => {
    writeFileSync(join(dir, 'agentic-sdlc.yaml'), 'engine:\n  concurrency: 2\ndatabase: {}\n');
    const { code, stderr } = await cli(['--db', join(dir, 'state.db'), 'runs', 'list'], { cwd: dir, env: CLEAN });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'agentic-sdlc: invalid configuration:\n' +
        '  agentic-sdlc.yaml:3:1: (root): unknown key database\n' +
        '(agentic-sdlc.yaml was read because it is in the current directory; --config <file> or AGENTIC_SDLC_CONFIG chooses another)\n',
    );
  });

  it('reads agentic-sdlc.yml too, and --config chooses any other file', async () => {
    writeFileSync(join(dir, 'agentic-sdlc.yml'), 'db: from-yml.db\n');
    writeFileSync(join(dir, 'elsewhere.yaml'), 'db: from-flag.db\n');
    const { stdout } = await cli(['runs', 'list', '--json'], { cwd: dir, env: CLEAN });
    expect(JSON.parse(stdout)).toEqual([]);
    await cli(['--config', 'elsewhere.yaml', 'runs', 'list'], { cwd: dir, env: CLEAN });
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['from-yml.db', 'from-flag.db']));
  });
});
