import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_JSON_SCHEMA_PATH } from '../../src/engine/loader/write-json-schema.js';
import { workflowJsonSchema } from '../../src/workflow-json-schema.js';

describe('schema/workflow.schema.json', () => {
  it('is what the zod workflow schema and the registered trigger kinds generate (regenerate with `npx tsx src/workflow-json-schema.ts`)', async () => {
    const committed = await readFile(new URL(`../../${WORKFLOW_JSON_SCHEMA_PATH}`, import.meta.url), 'utf8');
    expect(workflowJsonSchema.path).toBe(WORKFLOW_JSON_SCHEMA_PATH);
    expect(committed).toBe(workflowJsonSchema.text());
  });

  it('lets editors reject unknown step keys and list the GitHub events', () => {
    const schema = JSON.parse(workflowJsonSchema.text());
    expect(schema.properties.steps.items.additionalProperties).toBe(false);
    expect(schema.properties.steps.items.required).toEqual(['uses']);
    expect(Object.keys(schema.properties.on.properties.github.properties)).toContain('pull_request');
  });

  it('lists one on: key per registered trigger kind, and no other', () => {
    const schema = JSON.parse(workflowJsonSchema.text());
    expect(Object.keys(schema.properties.on.properties)).toEqual(['github', 'slack', 'jenkins', 'api', 'manual']);
    expect(schema.properties.on.additionalProperties).toBe(false);
  });
});
