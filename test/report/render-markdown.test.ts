import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/analysis/summary.js';
import type { Finding } from '../../src/analysis/finding.js';
import type { AnalysisSummary } from '../../src/analysis/summary.js';
import { reportMarkdownAction } from '../../src/actions/report/report-markdown.js';
import { MAX_MARKDOWN_LENGTH, renderMarkdown } from '../../src/report/render-markdown.js';
import { codeSpan, escapeMarkdown } from '../../src/report/markdown-text.js';
import { actionContext, addedFileDiff, analyzeText, fakeTools, readPlanted } from '../analysis/helpers.js';

function reportFor(text: string, config?: Parameters<typeof analyzeText>[1]) {
  const result = analyzeText(text, config);
  return { findings: result.findings, summary: summarize(result) };
}

const emptySummary: AnalysisSummary = { files: 0, additions: 0, deletions: 0, errors: 0, warnings: 0, infos: 0, skippedFiles: [] };

describe('renderMarkdown', () => {
  it('renders the planted real diff: verdict, table, findings by severity then file, skipped files', () => {
    const input = reportFor(readPlanted('planted-1k-v13.4.4..v13.4.5.diff'));
    const { markdown, conclusion } = renderMarkdown({ ...input, title: 'Offline review', notes: ['Analyzed without an LLM.'] });
    expect(conclusion).toBe('failure');
    expect(markdown).toMatchInlineSnapshot(`
      "### Offline review

      ❌ **Changes needed:** 10 errors, 3 warnings, 2 notices.

      | Files | Added | Removed | Errors | Warnings | Notices |
      | ---: | ---: | ---: | ---: | ---: | ---: |
      | 11 | +415 | −203 | 10 | 3 | 2 |

      #### ❌ Errors (10)

      - \`src/create-node-middleware.ts:7\` **secret**: AWS access key ID committed (AKIA…IH2R)
      - \`src/create-node-middleware.ts:8\` **secret**: GitHub personal access token committed (ghp\\_…3ePe)
      - \`src/create-node-middleware.ts:9\` **secret**: Hardcoded secret assigned to "dbPassword" (…k4Fs, 16 characters)
      - \`src/create-node-middleware.ts:13\` **merge-conflict**: Merge conflict marker &lt;&lt;&lt;&lt;&lt;&lt;&lt; left in the file
      - \`src/create-node-middleware.ts:15\` **merge-conflict**: Merge conflict marker ======= left in the file
      - \`src/create-node-middleware.ts:17\` **merge-conflict**: Merge conflict marker &gt;&gt;&gt;&gt;&gt;&gt;&gt; left in the file
      - \`src/server/server.ts:68\` **secret**: OpenAI API key committed (sk-proj-…rMXa)
      - \`src/server/server.ts:69\` **secret**: Anthropic API key committed (sk-ant-…hMAA)
      - \`src/server/server.ts:70\` **secret**: Slack bot token committed (xoxb-…BUTc)
      - \`src/server/server.ts:71\` **secret**: Private key committed (-----BEGIN RSA PRIVATE KEY-----)

      #### ⚠️ Warnings (3)

      - \`docs/webhooks.md:15\` **secret**: Slack webhook URL committed (https://hooks.slack.com/services/…0BQB) in a test, example or docs file
      - \`src/create-node-middleware.ts:11\` **debug-leftover**: Debug leftover: console.log()
      - \`test/server.test.ts:269\` **secret**: GitHub personal access token committed (ghp\\_…urgt) in a test, example or docs file

      #### ℹ️ Notices (2)

      - \`docs/webhooks.md:17\` **todo**: TODO comment added: TODO: document webhook retries
      - \`src/create-node-middleware.ts:12\` **todo**: TODO comment added: TODO: remove the fallback once probot 14 ships

      <details><summary>1 file not checked line by line</summary>

      - \`package-lock.json\`: lockfile

      </details>

      > Analyzed without an LLM.
      "
    `);
  });

  it('says "No issues found" and nothing more when there are no findings', () => {
    const input = reportFor(readPlanted('lockfile-only-v14.1.0..v14.2.0.diff'), { rules: { 'lockfile-without-manifest': 'off', 'missing-tests': 'off' } });
    const { markdown, conclusion } = renderMarkdown(input);
    expect(conclusion).toBe('success');
    expect(markdown).toMatchInlineSnapshot(`
      "### Diff analysis

      ✅ No issues found in 2 files (+7 −16); 1 file not checked line by line.
      "
    `);
  });

  it('is neutral with warnings and successful with notices only', () => {
    const warnings = reportFor(readPlanted('lockfile-only-v14.1.0..v14.2.0.diff'));
    expect(renderMarkdown(warnings)).toMatchInlineSnapshot(`
      {
        "conclusion": "neutral",
        "markdown": "### Diff analysis

      ⚠️ **No blocking issues:** 1 warning, 1 notice.

      | Files | Added | Removed | Errors | Warnings | Notices |
      | ---: | ---: | ---: | ---: | ---: | ---: |
      | 2 | +7 | −16 | 0 | 1 | 1 |

      #### ⚠️ Warnings (1)

      - \`package-lock.json\` **lockfile-without-manifest**: package-lock.json changed but package.json beside it did not

      #### ℹ️ Notices (1)

      - _whole diff_ **missing-tests**: 1 source file changed without any test change: src/manifest-creation.ts

      <details><summary>1 file not checked line by line</summary>

      - \`package-lock.json\`: lockfile

      </details>
      ",
      }
    `);
    const notices = reportFor(readPlanted('lockfile-only-v14.1.0..v14.2.0.diff'), { rules: { 'lockfile-without-manifest': 'off' } });
    expect(renderMarkdown(notices).conclusion).toBe('success');
  });

  it('folds a severity section with more than 20 findings into <details>', () => {
    const lines = Array.from({ length: 21 }, (_, i) => `// TODO: step ${i + 1}`);
    const { markdown } = renderMarkdown(reportFor(addedFileDiff('src/plan.ts', lines), { rules: { 'missing-tests': 'off' } }));
    expect(markdown).toContain('<details><summary>ℹ️ Notices (21)</summary>\n\n- `src/plan.ts:1` **todo**: TODO comment added: TODO: step 1\n');
    expect(markdown).not.toContain('#### ℹ️ Notices');
  });

  it('escapes Markdown and HTML in messages and file names, and defuses @-mentions', () => {
    const findings: Finding[] = [
      {
        rule: 'todo',
        severity: 'info',
        file: 'src/`odd` name.ts',
        line: 3,
        message: 'TODO comment added: TODO(@octocat): <script>alert(1)</script> *bold* [link](http://x) | pipe ~~strike~~ `code`\nnext line',
      },
    ];
    expect(renderMarkdown({ findings, summary: { ...emptySummary, files: 1, infos: 1 } }).markdown).toMatchInlineSnapshot(`
      "### Diff analysis

      ✅ **No blocking issues:** 1 notice.

      | Files | Added | Removed | Errors | Warnings | Notices |
      | ---: | ---: | ---: | ---: | ---: | ---: |
      | 1 | +0 | −0 | 0 | 0 | 1 |

      #### ℹ️ Notices (1)

      - \`\` src/\`odd\` name.ts:3 \`\` **todo**: TODO comment added: TODO(@&#8203;octocat): &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[link\\](http://x) \\| pipe \\~\\~strike\\~\\~ \\\`code\\\` next line
      "
    `);
  });

  it('stays under the length limit, keeping errors first and saying how many findings were left out', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `// TODO: a fairly long reminder number ${i + 1} about something that needs doing later on`);
    const input = reportFor(addedFileDiff('src/plan.ts', lines) + readPlanted('planted-1k-v13.4.4..v13.4.5.diff'));
    const { markdown } = renderMarkdown(input, { maxLength: 6_000 });
    expect(markdown.length).toBeLessThanOrEqual(6_000);
    expect(markdown).toContain('#### ❌ Errors (10)');
    expect(markdown).toMatch(/_… \d+ more findings not shown: the comment would exceed GitHub's size limit\._/);
    expect(markdown.split('<details>').length).toBe(markdown.split('</details>').length);
  });

  it('caps at 60,000 characters by default', () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => `// TODO: reminder ${i + 1}`);
    const { markdown } = renderMarkdown(reportFor(addedFileDiff('src/plan.ts', lines)));
    expect(markdown.length).toBeLessThanOrEqual(MAX_MARKDOWN_LENGTH);
    expect(markdown).toContain('more findings not shown');
  });

  it('lists at most 50 skipped files', () => {
    const skippedFiles = Array.from({ length: 60 }, (_, i) => ({ path: `vendor/lib${i}.js`, reason: 'generated or vendored' }));
    const findings: Finding[] = [{ rule: 'large-diff', severity: 'info', file: '', message: 'Changes 1200 lines' }];
    const { markdown } = renderMarkdown({ findings, summary: { ...emptySummary, files: 60, skippedFiles } });
    expect(markdown).toContain('<details><summary>60 files not checked line by line</summary>');
    expect(markdown).toContain('- `vendor/lib49.js`: generated or vendored\n- … and 10 more');
  });
});

describe('markdown helpers', () => {
  it('escapes text', () => {
    expect(escapeMarkdown('a_b *c* <d> & e\\f @g')).toBe('a\\_b \\*c\\* &lt;d&gt; &amp; e\\\\f @&#8203;g');
  });

  it('fences code spans around backticks', () => {
    expect(codeSpan('plain.ts')).toBe('`plain.ts`');
    expect(codeSpan('a`b')).toBe('`` a`b ``');
  });
});

describe('report.markdown action', () => {
  it('renders diff.analyze output', async () => {
    const input = reportMarkdownAction.input.parse({ ...reportFor(readPlanted('lockfile-only-v14.1.0..v14.2.0.diff')), title: 'Diff check' });
    const output = reportMarkdownAction.output.parse(await reportMarkdownAction.run(actionContext, input, fakeTools()));
    expect(output.conclusion).toBe('neutral');
    expect(output.markdown.startsWith('### Diff check\n\n⚠️ **No blocking issues:** 1 warning, 1 notice.')).toBe(true);
  });
});
