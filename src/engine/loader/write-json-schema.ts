import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { workflowSchema } from './schema.js';

/** Where the generated schema is committed, relative to the repository root. */
export const WORKFLOW_JSON_SCHEMA_PATH = 'schema/workflow.schema.json';

/**
 * The JSON Schema editors use to validate `workflows/*.yml` as users type, generated from the zod
 * schema so the two cannot drift. Draft-07, which YAML language servers support best. It describes
 * the shape only; cross-field rules (needs, expressions, actions) are the loader's.
 */
export function workflowJsonSchemaText(): string {
  const schema = z.toJSONSchema(workflowSchema, { target: 'draft-7', io: 'input' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export async function writeWorkflowJsonSchema(path: string): Promise<void> {
  await writeFile(path, workflowJsonSchemaText());
}

// `npx tsx src/engine/loader/write-json-schema.ts` regenerates the committed file.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeWorkflowJsonSchema(WORKFLOW_JSON_SCHEMA_PATH);
}
