import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

/** How sure a model is of a finding; analyzer findings carry none and count as `high` (they are deterministic). */
export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export const confidenceSchema = z.enum(CONFIDENCE_LEVELS);
export type Confidence = z.infer<typeof confidenceSchema>;

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
  /**
   * The exact replacement text for new-side lines `line..endLine` (a model's fix). Only a finding whose range
   * was not changed after the model gave it carries one: renderers may turn it into a committable suggestion.
   */
  suggestedCode: z.string().optional(),
  /**
   * A model's fix whose range could not be kept (it ran past the diff hunk): shown as code, never as a
   * committable suggestion, because it was written for lines the comment does not cover.
   */
  exampleCode: z.string().optional(),
  confidence: confidenceSchema.optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
