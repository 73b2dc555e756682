import { z } from 'zod';

/** Keywords OpenAI's strict structured outputs accept everywhere; the zod schema still checks the rest. */
const KEPT = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'description', 'anyOf']);

/**
 * The JSON schema of a zod schema in the subset both vendors accept for structured output (OpenAI strict
 * mode, Anthropic tool input): every property required (optional ones are `nullable`), no extra keys, no
 * numeric or length bounds (validated locally after the call).
 */
export function toOutputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return prune(z.toJSONSchema(schema, { target: 'draft-7', io: 'output' })) as Record<string, unknown>;
}

function prune(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prune);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (!KEPT.has(key)) continue;
    if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, prune(sub)]));
    } else {
      out[key] = prune(value);
    }
  }
  return out;
}

export type ParsedOutput<T> = { ok: true; value: T } | { ok: false; problem: string; raw: string };

/** Reads a model's structured answer (an object, or JSON text possibly wrapped in a code fence) and validates it. */
export function parseStructured<T>(schema: z.ZodType<T>, structured: unknown, text: string): ParsedOutput<T> {
  let candidate: unknown = structured;
  const raw = typeof structured === 'string' ? structured : structured !== undefined ? JSON.stringify(structured) : text;
  if (typeof candidate !== 'object' || candidate === null) {
    const json = extractJson(typeof structured === 'string' ? structured : text);
    if (json === undefined) return { ok: false, problem: 'the answer is not JSON', raw };
    try {
      candidate = JSON.parse(json);
    } catch (error) {
      return { ok: false, problem: `the answer is not valid JSON (${(error as Error).message})`, raw };
    }
  }
  const result = schema.safeParse(candidate);
  if (result.success) return { ok: true, value: result.data };
  const problem = result.error.issues
    .slice(0, 8)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem, raw };
}

function extractJson(text: string): string | undefined {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n```$/.exec(trimmed);
  const body = fenced ? fenced[1]!.trim() : trimmed;
  return body.startsWith('{') || body.startsWith('[') ? body : undefined;
}
