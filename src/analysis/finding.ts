import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

export const findingSchema = z.object({
  /** Rule id, kebab-case (`secret`, `merge-conflict`). */
  rule: z.string(),
  severity: severitySchema,
  /** Plain text (no Markdown); renderers escape it. Never contains the secret a `secret` finding is about. */
  message: z.string(),
  /** Path on the new side; `''` for findings about the whole diff (`large-diff`, `missing-tests`). */
  file: z.string(),
  /** Exact new-side line, present for findings about a line. */
  line: z.number().int().positive().optional(),
  endLine: z.number().int().positive().optional(),
  /** How to fix it, in prose (not replacement code). */
  suggestion: z.string().optional(),
  category: z.string().optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
