import { z } from 'zod';
import { DEFAULT_TEST_PATTERNS, globMatcher } from '../paths.js';
import { strictObject } from '../strict-object.js';
import { defineRule } from '../rule.js';

const options = strictObject({
  sourcePatterns: z
    .array(z.string())
    .default(['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,vue,svelte,py,go,rb,rs,java,kt,kts,scala,php,cs,swift,c,cc,cpp,h,hpp,m}']),
  testPatterns: z.array(z.string()).default([...DEFAULT_TEST_PATTERNS]),
  /** Source-looking files that are not expected to come with tests. */
  exclude: z
    .array(z.string())
    .default(['**/*.d.ts', '**/*.config.*', '**/{docs,doc,example,examples,.github}/**']),
});

export const missingTestsRule = defineRule({
  id: 'missing-tests',
  description: 'Source files gained lines but no test file changed.',
  severity: 'info',
  category: 'testing',
  options,
  check({ files, contentFiles }, opts) {
    const isTest = globMatcher(opts.testPatterns);
    if (files.some((file) => isTest(file.path))) return [];
    const isSource = globMatcher(opts.sourcePatterns);
    const excluded = globMatcher(opts.exclude);
    const sources = contentFiles.filter((file) => file.additions > 0 && isSource(file.path) && !excluded(file.path));
    if (sources.length === 0) return [];
    const named = sources.slice(0, 3).map((file) => file.path);
    const more = sources.length > named.length ? ` and ${sources.length - named.length} more` : '';
    return [
      {
        file: '',
        message: `${sources.length} source ${sources.length === 1 ? 'file' : 'files'} changed without any test change: ${named.join(', ')}${more}`,
        suggestion: 'Add or update tests that cover the change.',
      },
    ];
  },
});
