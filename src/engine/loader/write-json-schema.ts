import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { workflowSchema } from './schema.js';

/** Where the generated schema is committed, relative to the repository root. */
export const WORKFLOW_JSON_SCHEMA_PATH = 'schema/workflow.schema.json';

/** A JSON Schema generated from a zod schema and committed, so editors validate a YAML file as users type. */
export interface GeneratedJsonSchema {
  /** Relative to the repository root. */
  path: string;
  text(): string;
}

type JsonSchema = Record<string, unknown>;

/**
 * The committed text of a zod schema's JSON Schema: what a user may write (`io: 'input'`, so defaults are
 * optional), draft-07 (which YAML language servers support best), 2-space JSON with a final newline.
 * `adjust` adds what zod does not see (e.g. keys a loader strips before validating). Pure.
 */
export function jsonSchemaText(schema: z.ZodType, adjust: (json: JsonSchema) => JsonSchema = (json) => json): string {
  return `${JSON.stringify(adjust(z.toJSONSchema(schema, { target: 'draft-7', io: 'input' })), null, 2)}\n`;
}

/**
 * The JSON Schema editors use to validate `workflows/*.yml`, generated from the zod schema so the two
 * cannot drift. It describes the shape only; cross-field rules (needs, expressions, actions) are the loader's.
 */
export function workflowJsonSchemaText(): string {
  return jsonSchemaText(workflowSchema);
}

export async function writeJsonSchemas(schemas: readonly GeneratedJsonSchema[]): Promise<void> {
  for (const schema of schemas) await writeFile(schema.path, schema.text());
}

// `npx tsx src/engine/loader/write-json-schema.ts` regenerates the committed workflow schema (run it from the repository
// root); the GitHub repository configuration's is `src/integrations/github/repo-config/write-json-schema.ts`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeJsonSchemas([{ path: WORKFLOW_JSON_SCHEMA_PATH, text: workflowJsonSchemaText }]);
}
