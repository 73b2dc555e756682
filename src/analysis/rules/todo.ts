import { z } from 'zod';
import { strictObject } from '../strict-object.js';
import { addedLines, defineRule, type RuleFinding } from '../rule.js';

/** Something that opens a comment in a common language: `//`, `/*`, `#`, `<!--`, `--`, `;`, a `*` continuation. */
const COMMENT_OPENER = /(?:\/\/|\/\*|#|<!--|--|;|^\s*\*|^\s*"""|^\s*''')/;

const options = strictObject({
  keywords: z.array(z.string().regex(/^\w+$/, 'a keyword is letters, digits or _')).min(1).default(['TODO', 'FIXME', 'XXX', 'HACK']),
});

export const todoRule = defineRule({
  id: 'todo',
  description: 'TODO, FIXME, XXX and HACK comments in added lines.',
  severity: 'info',
  category: 'maintainability',
  options,
  check({ contentFiles }, opts) {
    const keyword = new RegExp(`\\b(${opts.keywords.join('|')})\\b`);
    const findings: RuleFinding[] = [];
    for (const file of contentFiles) {
      for (const { line, text } of addedLines(file)) {
        const match = keyword.exec(text);
        if (!match || !COMMENT_OPENER.test(text.slice(0, match.index))) continue;
        const note = withoutCommentCloser(text.slice(match.index)).trim();
        findings.push({
          file: file.path,
          line,
          message: `${match[1]} comment added: ${note.length > 120 ? `${note.slice(0, 119)}…` : note}`,
          suggestion: 'Track it in an issue, or resolve it before merging.',
        });
      }
    }
    return findings;
  },
});

/**
 * The note without a trailing comment closer (`-->` or star-slash) and the spaces around it. String
 * operations rather than a `\s*(?:closer)\s*$` regex: that restarts at every position of a long run of
 * spaces and takes quadratic time on it.
 */
function withoutCommentCloser(note: string): string {
  const trimmed = note.trimEnd();
  const closer = ['*/', '-->'].find((end) => trimmed.endsWith(end));
  return closer ? trimmed.slice(0, -closer.length) : note;
}
