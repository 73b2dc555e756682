import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { repoConfigSchema } from '../../src/triggers/github/repo-config.js';

const examples = join(import.meta.dirname, '../../examples/config');

describe('the example configuration files users copy', () => {
  it('examples/config/config.yaml loads as a deployment configuration', () => {
    const config = loadConfig({ cwd: examples, file: 'config.yaml', env: {} });
    expect(config).toMatchObject({ engine: { concurrency: 4, maxParallelSteps: 4 }, analyzer: { ignore: ['docs/**'] } });
  });

  it('examples/config/agentic-sdlc.yml is a valid .github/agentic-sdlc.yml', () => {
    // Probot's config plugin consumes `_extends` before the file reaches validation.
    const { _extends: base, ...content } = parse(readFileSync(join(examples, 'agentic-sdlc.yml'), 'utf8')) as Record<string, unknown>;
    expect(base).toBe('.github');
    const parsed = repoConfigSchema.safeParse(content);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
