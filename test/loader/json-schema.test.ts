import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_JSON_SCHEMA_PATH, workflowJsonSchemaText } from '../../src/engine/loader/write-json-schema.js';

describe('schema/workflow.schema.json', () => {
  it('is what the zod workflow schema generates (regenerate with `npx tsx src/engine/loader/write-json-schema.ts`)', async () => {
    const committed = await readFile(new URL(`../../${WORKFLOW_JSON_SCHEMA_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(workflowJsonSchemaText());
  });

  it('lets editors reject unknown step keys and list the GitHub events', () => {
    const schema = JSON.parse(workflowJsonSchemaText());
    expect(schema.properties.steps.items.additionalProperties).toBe(false);
    expect(schema.properties.steps.items.required).toEqual(['uses']);
    expect(Object.keys(schema.properties.on.properties.github.properties)).toContain('pull_request');
  });
});
