import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_INPUTS } from '../../src/cli/action/action-env.js';
import { actionOutputs } from '../../src/cli/action/action-outputs.js';

/**
 * `action.yml` against what `agentic-sdlc action` reads and writes. A composite action's steps get no
 * INPUT_* variables of their own, so the last step must map every input; its outputs must name the step's.
 */

const ROOT = join(import.meta.dirname, '../..');

interface Step {
  id?: string;
  uses?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const steps = action.runs.steps;
const last = steps.at(-1)!;

describe('action.yml', () => {
  it('declares the inputs the CLI reads, and its last step is agentic-sdlc action with each one as INPUT_<NAME>', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual([...ACTION_INPUTS]);
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(action.inputs.workflow!.default).toBe('review');
    expect(last.run).toBe('node "$GITHUB_ACTION_PATH/dist/cli/main.js" action');
    expect(last.env).toEqual(Object.fromEntries(ACTION_INPUTS.map((name) => [`INPUT_${name.toUpperCase()}`, `\${{ inputs.${name} }}`])));
  });

  it('outputs what the step writes to GITHUB_OUTPUT', () => {
    expect(Object.keys(action.outputs)).toEqual(Object.keys(actionOutputs('', [], '')));
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value).toBe(`\${{ steps.${last.id}.outputs.${name} }}`);
  });

  it('sets up a Node the package supports, and builds only when the cache has no build for this Node and source', () => {
    const node = steps.find((step) => step.uses?.startsWith('actions/setup-node@'))!;
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(semver.intersects(`${String(node.with!['node-version'])}.x`, engines)).toBe(true);
    const cache = steps.find((step) => step.uses?.startsWith('actions/cache@'))!;
    expect(cache.with!.key).toContain(`\${{ steps.${node.id}.outputs.node-version }}`);
    expect(cache.with!.key).toContain('${{ steps.source.outputs.hash }}');
    expect(String(cache.with!.path).split('\n').filter(Boolean)).toEqual(['${{ github.action_path }}/node_modules', '${{ github.action_path }}/dist']);
    const install = steps.find((step) => step.run?.includes('npm ci'))!;
    expect(install.if).toBe(`steps.${cache.id}.outputs.cache-hit != 'true'`);
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    // `npm ci` builds dist/ through the package's `prepare` script.
    expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.prepare).toBe('npm run build');
  });

  it('fingerprints the sources: the same tree gives the same hash, a changed file another', () => {
    const fingerprint = steps.find((step) => step.id === 'source')!;
    const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-action-yml-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'package.json'), '{}');
      writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
      const hash = () => {
        const output = join(dir, `output-${Math.random()}`);
        writeFileSync(output, '');
        execFileSync('bash', ['-c', fingerprint.run!], { cwd: dir, env: { ...process.env, GITHUB_OUTPUT: output } });
        return readFileSync(output, 'utf8');
      };
      const first = hash();
      expect(first).toMatch(/^hash=[0-9a-f]{32}\n$/);
      expect(hash()).toBe(first);
      writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
      expect(hash()).not.toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
