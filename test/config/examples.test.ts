import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { repoConfigSchema } from '../../src/integrations/github/repo-config/repo-config.js';

const examples = join(import.meta.dirname, '../../examples/config');

describe('the example configuration files users copy', () => {
  it('examples/config/agentic-sdlc.yaml loads as a deployment configuration, and is what the directory holding it reads', () => {
    // Found without --config: the per-repository file in the same folder is in .github/, out of the way.
    const config = loadConfig({ cwd: examples, env: {} });
    expect(config).toMatchObject({ engine: { concurrency: 4, maxParallelSteps: 4 }, analyzer: { ignore: ['docs/**'] } });
  });

  it('examples/config/.github/agentic-sdlc.yml is a valid .github/agentic-sdlc.yml', () => {
    // Probot's config plugin consumes `_extends` before the file reaches validation.
    const { _extends: base, ...content } = parse(readFileSync(join(examples, '.github/agentic-sdlc.yml'), 'utf8')) as Record<string, unknown>;
    expect(base).toBe('.github');
    const parsed = repoConfigSchema.safeParse(content);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
