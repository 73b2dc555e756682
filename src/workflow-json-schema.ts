import { fileURLToPath } from 'node:url';
import { WORKFLOW_JSON_SCHEMA_PATH, workflowJsonSchemaText, writeJsonSchemas, type GeneratedJsonSchema } from './engine/loader/write-json-schema.js';
import { createTriggerKinds } from './trigger-kinds.js';

/** `schema/workflow.schema.json`: the workflow schema with the `on:` of every trigger kind the runtime registers. */
export const workflowJsonSchema: GeneratedJsonSchema = {
  path: WORKFLOW_JSON_SCHEMA_PATH,
  text: () => workflowJsonSchemaText(createTriggerKinds()),
};

// `npx tsx src/workflow-json-schema.ts` regenerates the committed workflow schema (run it from the repository root);
// the GitHub repository configuration's is `src/integrations/github/repo-config/write-json-schema.ts`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeJsonSchemas([workflowJsonSchema]);
}
