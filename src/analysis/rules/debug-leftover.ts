import { z } from 'zod';
import { extension, globMatcher, isTestPath } from '../paths.js';
import { strictObject } from '../strict-object.js';
import { addedLines, defineRule, type RuleFinding } from '../rule.js';

interface Language {
  extensions: readonly string[];
  /** A line that is only a comment. */
  comment: RegExp;
  calls: readonly { pattern: RegExp; what: string }[];
}

const C_COMMENT = /^\s*(?:\/\/|\/\*|\*)/;
const HASH_COMMENT = /^\s*#/;

const LANGUAGES: readonly Language[] = [
  {
    extensions: ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts', 'vue', 'svelte'],
    comment: C_COMMENT,
    calls: [
      { pattern: /\bconsole\.log\s*\(/, what: 'console.log()' },
      { pattern: /\bconsole\.debug\s*\(/, what: 'console.debug()' },
      { pattern: /\bconsole\.trace\s*\(/, what: 'console.trace()' },
      { pattern: /(?:^|[\s;{}])debugger\s*(?:;|$)/, what: 'debugger statement' },
    ],
  },
  {
    extensions: ['py'],
    comment: HASH_COMMENT,
    calls: [
      { pattern: /(?<![\w.])print\s*\(/, what: 'print()' },
      { pattern: /(?<![\w.])breakpoint\s*\(\s*\)/, what: 'breakpoint()' },
      { pattern: /\bpdb\.set_trace\s*\(/, what: 'pdb.set_trace()' },
    ],
  },
  { extensions: ['go'], comment: C_COMMENT, calls: [{ pattern: /\bfmt\.Println\s*\(/, what: 'fmt.Println()' }] },
  {
    extensions: ['rb', 'rake'],
    comment: HASH_COMMENT,
    calls: [
      { pattern: /\bbinding\.(?:pry|irb)\b/, what: 'binding.pry' },
      { pattern: /^\s*byebug\b/, what: 'byebug' },
    ],
  },
  {
    extensions: ['rs'],
    comment: C_COMMENT,
    calls: [
      { pattern: /\bdbg!\s*\(/, what: 'dbg!()' },
      { pattern: /(?<![\w])println!\s*\(/, what: 'println!()' },
    ],
  },
  {
    extensions: ['php'],
    comment: /^\s*(?:\/\/|\/\*|\*|#)/,
    calls: [
      { pattern: /\bvar_dump\s*\(/, what: 'var_dump()' },
      { pattern: /\bprint_r\s*\(/, what: 'print_r()' },
    ],
  },
  {
    extensions: ['java'],
    comment: C_COMMENT,
    calls: [{ pattern: /\bSystem\.(?:out|err)\.print(?:ln)?\s*\(/, what: 'System.out.println()' }],
  },
];

const BY_EXTENSION = new Map(LANGUAGES.flatMap((language) => language.extensions.map((ext) => [ext, language] as const)));

const options = strictObject({
  /** Test files print on purpose. */
  skipTests: z.boolean().default(true),
  /** Command-line tools, scripts and examples print on purpose. */
  skipPaths: z.array(z.string()).default(['**/{bin,cli,script,scripts,example,examples}/**']),
});

export const debugLeftoverRule = defineRule({
  id: 'debug-leftover',
  description: 'Debug output and breakpoints left in added code (console.log, debugger, print, fmt.Println, binding.pry, dbg!, var_dump, System.out.println).',
  severity: 'warning',
  category: 'hygiene',
  options,
  check({ contentFiles }, opts) {
    const skipped = globMatcher(opts.skipPaths);
    const findings: RuleFinding[] = [];
    for (const file of contentFiles) {
      const language = BY_EXTENSION.get(extension(file.path));
      if (!language || (opts.skipTests && isTestPath(file.path)) || skipped(file.path)) continue;
      for (const { line, text } of addedLines(file)) {
        if (language.comment.test(text)) continue;
        const call = language.calls.find(({ pattern }) => pattern.test(text));
        if (!call) continue;
        findings.push({
          file: file.path,
          line,
          message: `Debug leftover: ${call.what}`,
          suggestion: "Remove it before merging, or use the project's logger.",
        });
      }
    }
    return findings;
  },
});
