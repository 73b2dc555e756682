import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PERMISSION_LEVELS, repoConfigSchema } from '../../src/integrations/github/repo-config/repo-config.js';
import { repoConfigJsonSchema } from '../../src/integrations/github/repo-config/repo-config-json-schema.js';

interface Node {
  type?: string;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, Node>;
  additionalProperties?: boolean | Node;
}

describe('schema/repo-config.schema.json', () => {
  it('is what the zod repository configuration schema generates (regenerate with `npx tsx src/integrations/github/repo-config/write-json-schema.ts`)', async () => {
    const committed = await readFile(new URL(`../../${repoConfigJsonSchema.path}`, import.meta.url), 'utf8');
    expect(committed).toBe(repoConfigJsonSchema.text());
  });

  it('lets editors flag unknown keys, allows _extends, and explains every top-level key', () => {
    const schema = JSON.parse(repoConfigJsonSchema.text()) as Node & { $schema: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties!.commands!.additionalProperties).toBe(false);
    expect(schema.properties!._extends).toMatchObject({ type: 'string' });
    expect(Object.keys(schema.properties!).sort()).toEqual(['_extends', ...Object.keys(repoConfigSchema.shape)].sort());
    for (const [key, node] of Object.entries(schema.properties!)) expect(node.description, key).toBeTruthy();
    expect(schema.properties!.commands!.properties!.permission!.enum).toEqual([...PERMISSION_LEVELS]);
    const workflow = schema.properties!.workflows!.additionalProperties as Node;
    expect(Object.keys(workflow.properties!)).toEqual(['enabled', 'paths', 'labels', 'inputs']);
  });
});
