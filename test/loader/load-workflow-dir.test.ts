import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWorkflowDir, loadWorkflowFile, WorkflowValidationError } from '../../src/engine/loader/index.js';
import { registry, yaml } from './helpers.js';

describe('loading workflow files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'workflows-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the good workflows of a directory and reports the bad ones by file', async () => {
    await writeFile(join(dir, 'b-review.yml'), yaml('name: review', 'steps:', '  - uses: diff.analyze'));
    await writeFile(join(dir, 'a-triage.yaml'), yaml('name: triage', 'steps:', '  - uses: report.render'));
    await writeFile(join(dir, 'c-broken.yml'), yaml('name: broken', 'steps:', '  - uses: diff.analyse'));
    await writeFile(join(dir, 'notes.md'), '# not a workflow\n');

    const { workflows, problems } = await loadWorkflowDir(dir, { actions: registry() });

    expect(workflows.map((workflow) => [workflow.name, workflow.file])).toEqual([
      ['triage', join(dir, 'a-triage.yaml')],
      ['review', join(dir, 'b-review.yml')],
    ]);
    expect(problems).toEqual([
      { file: join(dir, 'c-broken.yml'), line: 3, col: 11, message: "unknown action 'diff.analyse'; did you mean diff.analyze?" },
    ]);
  });

  it('reports a workflow name declared by two files at the second file', async () => {
    await writeFile(join(dir, 'one.yml'), yaml('name: review', 'steps:', '  - uses: diff.analyze'));
    await writeFile(join(dir, 'two.yml'), yaml('# copy', 'name: review', 'steps:', '  - uses: diff.analyze'));

    const { workflows, problems } = await loadWorkflowDir(dir);

    expect(workflows.map((workflow) => workflow.file)).toEqual([join(dir, 'one.yml')]);
    expect(problems).toEqual([
      { file: join(dir, 'two.yml'), line: 2, col: 7, message: `workflow name 'review' is already used by ${join(dir, 'one.yml')}` },
    ]);
  });

  it('rejects a single file with its path in every problem', async () => {
    const file = join(dir, 'review.yml');
    await writeFile(file, yaml('name: review', 'steps: []'));
    await expect(loadWorkflowFile(file)).rejects.toThrow(new WorkflowValidationError([{ file, line: 2, col: 8, message: 'steps must list at least one step' }]));
  });
});
