import { strictObject } from '../strict-object.js';
import { stripCR, defineRule, type RuleFinding } from '../rule.js';

const OPEN = /^<{7}(?: |$)/;
const BASE = /^\|{7}(?: |$)/;
const SEPARATOR = /^={7}$/;
const CLOSE = /^>{7}(?: |$)/;

/**
 * Conflict markers in added lines. `<<<<<<<` and `>>>>>>>` always count; `|||||||` and `=======` only inside an
 * open conflict, since `=======` alone underlines Markdown and reStructuredText headings. The walk covers
 * context lines too, because a conflict's sides may be unchanged lines. Lockfiles and generated files are read
 * as well: a conflicted lockfile breaks installs.
 */
export const mergeConflictRule = defineRule({
  id: 'merge-conflict',
  description: 'Unresolved merge conflict markers in added lines.',
  severity: 'error',
  category: 'correctness',
  options: strictObject({}),
  check({ files }) {
    const findings: RuleFinding[] = [];
    for (const file of files) {
      if (file.binary || file.status === 'deleted') continue;
      let open = false;
      for (const hunk of file.hunks) {
        for (const line of hunk.lines) {
          if (line.newLine === undefined) continue;
          const text = stripCR(line.content);
          let marker: string | undefined;
          if (OPEN.test(text)) {
            marker = '<<<<<<<';
            open = true;
          } else if (CLOSE.test(text)) {
            marker = '>>>>>>>';
            open = false;
          } else if (open && BASE.test(text)) {
            marker = '|||||||';
          } else if (open && SEPARATOR.test(text)) {
            marker = '=======';
          }
          if (marker && line.kind === 'add') {
            findings.push({
              file: file.path,
              line: line.newLine,
              message: `Merge conflict marker ${marker} left in the file`,
              suggestion: 'Resolve the conflict: keep the intended side and delete the marker lines.',
            });
          }
        }
      }
    }
    return findings;
  },
});
