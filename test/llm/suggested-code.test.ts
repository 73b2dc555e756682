import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/analysis/finding.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { toAnnotations } from '../../src/integrations/github/actions/check-annotations.js';
import { mergeFindings } from '../../src/llm/review/merge-findings.js';
import { validateLines } from '../../src/llm/review/validate-lines.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';

// New side: lines 1-4 in one hunk.
const DIFF = parseDiff('diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1,2 +1,4 @@\n one\n+two\n+three\n four\n');
const ai = (extra: Partial<Finding>): Finding => ({ rule: 'llm-review', severity: 'warning', message: 'm', file: 'a.ts', line: 2, confidence: 'medium', ...extra });

describe('validateLines keeps suggestedCode only for the range it was written for', () => {
  it('keeps it when the range is unchanged, moves it to exampleCode when the range is cut or leaves the diff', () => {
    const kept = ai({ endLine: 3, suggestedCode: 'x' });
    const cut = ai({ endLine: 9, suggestedCode: 'y' });
    const outside = ai({ line: 20, suggestedCode: 'z' });
    const { inline, summary } = validateLines(DIFF, [kept, cut, outside]);
    expect(inline).toEqual([kept, { ...ai({ endLine: 4 }), exampleCode: 'y' }]);
    expect(summary).toEqual([{ rule: 'llm-review', severity: 'warning', message: '(line 20, outside the diff) m', file: 'a.ts', confidence: 'medium', exampleCode: 'z' }]);
  });

  it('is stable when run again on its own output (run-review validates twice)', () => {
    const first = validateLines(DIFF, [ai({ endLine: 9, suggestedCode: 'y' })]);
    expect(validateLines(DIFF, first.inline).inline).toEqual(first.inline);
  });
});

describe('mergeFindings and model code', () => {
  const offline: Finding = { rule: 'debug-leftover', severity: 'warning', message: 'Debug leftover: console.log()', file: 'a.ts', line: 2, category: 'maintainability' };

  it('keeps suggestedCode, exampleCode and confidence on model findings', () => {
    const model = [ai({ line: 3, message: 'other', category: 'correctness', suggestedCode: 'a', exampleCode: 'b', confidence: 'low' })];
    expect(mergeFindings([], model)).toEqual(model);
  });

  it('lends a twin its code as suggestedCode only when the ranges are identical, otherwise as exampleCode', () => {
    const same = mergeFindings([offline], [ai({ category: 'maintainability', suggestedCode: '' })]);
    expect(same).toEqual([{ ...offline, suggestedCode: '' }]);
    const wider = mergeFindings([offline], [ai({ endLine: 3, category: 'maintainability', suggestedCode: 'log.debug(x);' })]);
    expect(wider).toEqual([{ ...offline, exampleCode: 'log.debug(x);' }]);
    // The analyzer finding stays certain: no confidence is lent.
    expect(wider[0]).not.toHaveProperty('confidence');
  });
});

describe('check-run annotations carry the model code', () => {
  it('adds the replacement after the prose suggestion, labelled with its lines', () => {
    const { annotations } = toAnnotations([
      ai({ endLine: 3, suggestion: 'Guard it.', suggestedCode: 'if (x) {\n  y();\n}\n' }),
      ai({ line: 4, suggestedCode: '' }),
      ai({ line: 1, exampleCode: 'z();' }),
    ]);
    expect(annotations.map((a) => a.raw_details)).toEqual([
      'Guard it.\n\nSuggested replacement for lines 2-3:\nif (x) {\n  y();\n}\n',
      'Suggested replacement for line 4: delete it.',
      'Example fix (written for other lines, not a drop-in replacement for line 1):\nz();',
    ]);
  });

  it('stays within GitHub\'s raw_details limit of 64 KB, counted in UTF-8 bytes', () => {
    const { annotations } = toAnnotations([ai({ suggestion: 'é'.repeat(40_000), suggestedCode: 'x' })]);
    const details = annotations[0]!.raw_details!;
    expect(Buffer.byteLength(details)).toBeLessThanOrEqual(64 * 1024 - 1);
    expect(Buffer.byteLength(details)).toBeGreaterThan(64 * 1024 - 3);
    expect(details).toBe('é'.repeat(details.length));
  });
});

describe('the sticky report', () => {
  it('shows how sure a model finding is, and nothing for an analyzer finding', () => {
    const summary = { files: 1, additions: 2, deletions: 0, errors: 0, warnings: 2, infos: 0, skippedFiles: [] };
    const { markdown } = renderMarkdown({ findings: [ai({ message: 'model' }), { rule: 'todo', severity: 'warning', message: 'analyzer', file: 'a.ts', line: 3 }], summary });
    expect(markdown).toContain('- `a.ts:2` **llm-review** (medium confidence): model');
    expect(markdown).toContain('- `a.ts:3` **todo**: analyzer');
  });
});
