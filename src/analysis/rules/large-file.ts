import { z } from 'zod';
import { strictObject } from '../strict-object.js';
import { defineRule } from '../rule.js';

export const largeFileRule = defineRule({
  id: 'large-file',
  description: 'A single file adds more lines than a reviewer can read carefully.',
  severity: 'warning',
  category: 'size',
  options: strictObject({ maxAdditions: z.number().int().min(1).default(500) }),
  check({ contentFiles }, { maxAdditions }) {
    return contentFiles
      .filter((file) => file.additions > maxAdditions)
      .map((file) => ({
        file: file.path,
        message: `Adds ${file.additions} lines, more than the limit of ${maxAdditions}`,
        suggestion: 'Split it into smaller files or pull requests; if it is generated, add it to the ignore globs.',
      }));
  },
});
