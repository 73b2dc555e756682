import type { z } from 'zod';
import type { DiffFile } from '../diff/parse-diff.js';
import type { Finding, Severity } from './finding.js';

export interface RuleContext {
  /** Every file of the diff that no ignore glob excludes, in diff order. */
  files: readonly DiffFile[];
  /** The subset whose added lines are worth reading: not binary, deleted, generated, vendored or a lockfile. */
  contentFiles: readonly DiffFile[];
}

/** What a rule reports; the analyzer adds the rule id, the configured severity and the category. */
export type RuleFinding = Omit<Finding, 'rule' | 'severity' | 'category'> & {
  /** Overrides the rule's default severity for this finding (e.g. a sample key in a test file). */
  severity?: Severity;
};

export interface Rule<O> {
  id: string;
  description: string;
  severity: Severity;
  category: string;
  /** Schema of `rules.<id>.options`, with defaults for every field. */
  options: z.ZodType<O>;
  check(context: RuleContext, options: O): RuleFinding[];
}

/** A rule with its options type erased, so rules of different option types can share a list. */
export interface RegisteredRule {
  id: string;
  description: string;
  severity: Severity;
  category: string;
  options: z.ZodType<unknown>;
  run(context: RuleContext, options: unknown): RuleFinding[];
}

export function defineRule<O>(rule: Rule<O>): RegisteredRule {
  return {
    id: rule.id,
    description: rule.description,
    severity: rule.severity,
    category: rule.category,
    options: rule.options,
    run: (context, options) => rule.check(context, rule.options.parse(options ?? {})),
  };
}

export interface AddedLine {
  line: number;
  /** Content without the trailing CR of a CRLF line. */
  text: string;
}

/** Added lines of a file in new-side order. */
export function* addedLines(file: DiffFile): Generator<AddedLine> {
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === 'add' && line.newLine !== undefined) yield { line: line.newLine, text: stripCR(line.content) };
    }
  }
}

export function stripCR(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
