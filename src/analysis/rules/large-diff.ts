import { z } from 'zod';
import { isGenerated, isLockfile } from '../paths.js';
import { strictObject } from '../strict-object.js';
import { defineRule } from '../rule.js';

export const largeDiffRule = defineRule({
  id: 'large-diff',
  description: 'The whole diff changes more lines than a reviewer can read carefully (lockfiles and generated files not counted).',
  severity: 'info',
  category: 'size',
  options: strictObject({ maxChangedLines: z.number().int().min(1).default(1000) }),
  check({ files }, { maxChangedLines }) {
    const counted = files.filter((file) => !file.binary && !isGenerated(file.path) && !isLockfile(file.path));
    const changed = counted.reduce((sum, file) => sum + file.additions + file.deletions, 0);
    if (changed <= maxChangedLines) return [];
    return [
      {
        file: '',
        message: `Changes ${changed} lines in ${counted.length} files, more than the limit of ${maxChangedLines} (lockfiles and generated files not counted)`,
        suggestion: 'Consider splitting it into pull requests that can be reviewed one at a time.',
      },
    ];
  },
});
