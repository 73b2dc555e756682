import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { TriggerKindRegistry } from '../trigger-kind.js';
import { workflowSchemaFor } from './schema.js';

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
 * The JSON Schema editors use to validate `workflows/*.yml`, generated from the zod schema (with `on:` from
 * `kinds`) so the two cannot drift. It describes the shape only; cross-field rules (needs, expressions,
 * actions) are the loader's. The committed one covers every kind the runtime registers: `src/workflow-json-schema.ts`.
 */
export function workflowJsonSchemaText(kinds: TriggerKindRegistry): string {
  return jsonSchemaText(workflowSchemaFor(kinds));
}

export async function writeJsonSchemas(schemas: readonly GeneratedJsonSchema[]): Promise<void> {
  for (const schema of schemas) await writeFile(schema.path, schema.text());
}
