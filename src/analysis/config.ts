import { z } from 'zod';
import { didYouMean } from '../engine/suggest.js';
import { severitySchema } from './finding.js';
import { strictObject } from './strict-object.js';
import { RULES, RULE_IDS } from './rules/index.js';

const ruleSettingObject = strictObject({
  enabled: z.boolean().optional(),
  /** Replaces the severity of every finding of the rule. */
  severity: severitySchema.optional(),
  /** Globs of files the rule does not look at. */
  ignore: z.array(z.string()).optional(),
  /** Rule-specific; checked against the rule's own schema. */
  options: z.record(z.string(), z.unknown()).optional(),
});

export const ruleSettingSchema = z.union([z.literal('off'), ruleSettingObject], {
  // A union reports only "Invalid input"; for an object, say what is wrong inside it.
  error: (issue) => {
    if (typeof issue.input === 'object' && issue.input !== null) {
      const inner = ruleSettingObject.safeParse(issue.input);
      if (!inner.success) {
        return inner.error.issues
          .map((problem) => (problem.path.length > 0 ? `${problem.path.map(String).join('.')}: ${problem.message}` : problem.message))
          .join('; ');
      }
    }
    return 'expected "off" or an object with enabled, severity, ignore and options';
  },
});
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

/**
 * Analyzer configuration, e.g. under `diff.analyze`'s `with.config`:
 * `{ ignore: ['docs/**'], rules: { todo: 'off', 'large-file': { options: { maxAdditions: 800 } } } }`.
 * Globs without `/` match file names in any directory, like `.gitignore`.
 */
/**
 * Every built-in rule id as a known key, so that a generated JSON Schema completes and documents them in
 * editors; other keys pass the shape check and are rejected below with a did-you-mean.
 */
const rulesSchema = z
  .object(Object.fromEntries(RULES.map((rule) => [rule.id, ruleSettingSchema.optional().describe(rule.description)])))
  .catchall(ruleSettingSchema);

export const analyzerConfigSchema = strictObject({
  /** Globs of files no rule looks at. */
  ignore: z.array(z.string()).optional(),
  rules: rulesSchema.optional(),
}).superRefine((config, ctx) => {
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const rule = RULES.find((candidate) => candidate.id === id);
    if (!rule) {
      const hint = didYouMean(id, RULE_IDS);
      ctx.addIssue({
        code: 'custom',
        path: ['rules', id],
        message: `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''} (rules: ${RULE_IDS.join(', ')})`,
      });
      continue;
    }
    if (setting === undefined || setting === 'off' || setting.options === undefined) continue;
    const parsed = rule.options.safeParse(setting.options);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['rules', id, 'options', ...issue.path], message: issue.message });
    }
  }
});
export type AnalyzerConfig = z.infer<typeof analyzerConfigSchema>;

export class AnalyzerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyzerConfigError';
  }
}

/** Validates a configuration, throwing an error that names each bad field by its path. */
export function parseAnalyzerConfig(input: unknown): AnalyzerConfig {
  const parsed = analyzerConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return `${where || '(config)'}: ${issue.message}`;
  });
  throw new AnalyzerConfigError(`invalid analyzer configuration: ${problems.join('; ')}`);
}
