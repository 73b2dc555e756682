import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/analysis/finding.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { findingFingerprint, planReview, reviewBody } from '../../src/integrations/github/actions/review-comments.js';
import { validateLines } from '../../src/llm/review/validate-lines.js';

// New side of src/a.ts: 10 `  const parts…`, 11-13 added, 14 `}`. b.go (tabs) has two adjacent hunks: 1-3 and 4-5.
const DIFF = parseDiff(
  [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -10,3 +10,5 @@ export function parse(input: string) {',
    '   const parts = input.split(",");',
    '-  return parts[0];',
    '+  const first = parts[0];',
    '+  if (first === undefined) throw new Error("empty");',
    '+  return first.trim();',
    ' }',
    'diff --git a/b.go b/b.go',
    '--- a/b.go',
    '+++ b/b.go',
    '@@ -1,3 +1,3 @@',
    ' func f() int {',
    '-\treturn 1',
    '+\treturn 2',
    ' }',
    '@@ -4,2 +4,2 @@',
    '-var x = 1',
    '+var x = 2',
    ' var z = 3',
    '',
  ].join('\n'),
);

const ai = (extra: Partial<Finding>): Finding => ({ rule: 'llm-review', severity: 'warning', message: 'm', file: 'src/a.ts', line: 11, confidence: 'high', ...extra });
const only = (finding: Finding) => {
  const plan = planReview([finding], DIFF, []);
  expect(plan.comments).toHaveLength(1);
  return plan.comments[0]!;
};
const marker = (finding: Finding) => `<!-- agentic-sdlc:finding:${findingFingerprint(finding)} -->`;

describe('suggestion blocks', () => {
  it('spans line..endLine on the right side and re-indents the code to the first current line (spaces)', () => {
    const finding = ai({ line: 11, endLine: 13, suggestion: 'Trim before the check.', suggestedCode: 'const first = parts[0]?.trim();\nif (!first) {\n    throw new Error("empty");\n}\n\nreturn first;\n' });
    expect(only(finding)).toEqual({
      path: 'src/a.ts',
      start_line: 11,
      start_side: 'RIGHT',
      line: 13,
      side: 'RIGHT',
      body: [
        '⚠️ **llm-review**: m',
        '',
        '_Suggestion:_ Trim before the check.',
        '',
        '```suggestion',
        '  const first = parts[0]?.trim();',
        '  if (!first) {',
        '      throw new Error("empty");',
        '  }',
        '',
        '  return first;',
        '```',
        '',
        marker(finding),
      ].join('\n'),
    });
  });

  it('uses tabs where the file does, converting the model\'s space indentation level by level', () => {
    const finding = ai({ file: 'b.go', line: 2, suggestedCode: '  if ok {\n      return 3\n  }' });
    const comment = only(finding);
    expect(comment).toMatchObject({ line: 2, side: 'RIGHT' });
    expect(comment).not.toHaveProperty('start_line');
    expect(comment.body).toContain('```suggestion\n\tif ok {\n\t\treturn 3\n\t}\n```');
  });

  it('uses spaces where the file does, a tab becoming one indentation step of the file', () => {
    const finding = ai({ line: 12, suggestedCode: 'if (!first) {\n\tthrow new Error("empty");\n}' });
    expect(only(finding).body).toContain('```suggestion\n  if (!first) {\n    throw new Error("empty");\n  }\n```');
  });

  it('drops a suggestion identical to the current lines once re-indented, keeping the prose', () => {
    const finding = ai({ line: 13, suggestion: 'Keep it.', suggestedCode: 'return first.trim();\n' });
    expect(only(finding).body).toBe(`⚠️ **llm-review**: m\n\n_Suggestion:_ Keep it.\n\n${marker(finding)}`);
  });

  it('an empty suggestion deletes the lines', () => {
    const finding = ai({ line: 12, suggestedCode: '' });
    expect(only(finding).body).toBe(`⚠️ **llm-review**: m\n\n\`\`\`suggestion\n\`\`\`\n\n${marker(finding)}`);
  });

  it('a range across two hunks gets no suggestion block: a labelled diff when its lines are known', () => {
    const finding = ai({ file: 'b.go', line: 3, endLine: 4, suggestedCode: '}\nvar x = 3' });
    const comment = only(finding);
    // The comment can only sit on line 3, so a suggestion would replace line 3 alone.
    expect(comment).toEqual({ path: 'b.go', line: 3, side: 'RIGHT', body: expect.any(String) });
    expect(comment.body).not.toContain('suggestion\n');
    expect(comment.body).toContain('_Suggested change, not committable: lines 3-4 span more than one hunk of the diff._\n\n```diff\n-}\n-var x = 2\n+}\n+var x = 3\n```');
  });

  it('a range with lines the diff does not show gets a plain example block', () => {
    const finding = ai({ line: 14, endLine: 20, suggestedCode: '}\n' });
    const comment = only(finding);
    expect(comment.line).toBe(14);
    expect(comment.body).toContain('_Example fix, not committable: the diff does not show all of lines 14-20._\n\n```\n}\n```');
  });

  it('no line of the code can close the block early: a longer fence, and line-start fences shown escaped and never committed', () => {
    const tildes = ai({ line: 11, suggestedCode: 'const fence = "```";\n~~~\nconst first = parts[0];' });
    expect(only(tildes).body).toContain('````suggestion\n  const fence = "```";\n  ~~~\n  const first = parts[0];\n````\n');

    const fence = ai({ line: 11, suggestedCode: '```\nconst first = 1;\n```' });
    const body = only(fence).body;
    expect(body).not.toContain('suggestion\n');
    expect(body).toContain('_Suggested change, not committable: it contains a line starting with ``` (shown escaped)._');
    // Every line between the diff fence's opening and closing is a diff line: nothing closed it early.
    const block = body.slice(body.indexOf('```diff\n') + 8, body.lastIndexOf('\n```\n'));
    expect(block.split('\n')).toEqual(['-  const first = parts[0];', '+  \\`\\`\\`', '+  const first = 1;', '+  \\`\\`\\`']);
    expect(body.endsWith(marker(fence))).toBe(true);
  });

  it('exampleCode is always shown as a plain example, never committable', () => {
    const finding = ai({ line: 11, endLine: 13, exampleCode: 'return parts[0]?.trim() ?? "";' });
    expect(only(finding).body).toContain(
      '_Example fix, not committable: it was written for a different range of lines than this comment covers._\n\n```\nreturn parts[0]?.trim() ?? "";\n```',
    );
  });

  it('a model range cut at the hunk end keeps its code only as an example (validateLines, then planReview)', () => {
    const { inline } = validateLines(DIFF, [ai({ line: 12, endLine: 16, suggestedCode: 'if (!first) return "";\nreturn first;\n}\n\nexport {};' })]);
    expect(inline).toEqual([{ ...ai({ line: 12, endLine: 14 }), exampleCode: 'if (!first) return "";\nreturn first;\n}\n\nexport {};' }]);
    const comment = only(inline[0]!);
    expect(comment).toMatchObject({ start_line: 12, line: 14 });
    expect(comment.body).not.toContain('suggestion\n');
    expect(comment.body).toContain('_Example fix, not committable');
  });
});

describe('confidence threshold and cap', () => {
  const at = (line: number, extra: Partial<Finding>) => ai({ line, message: `m${line}`, ...extra });

  it('lists findings below the threshold in the review body with their confidence; analyzer findings count as high', () => {
    const analyzer: Finding = { rule: 'todo', severity: 'info', message: 'todo', file: 'src/a.ts', line: 12 };
    const plan = planReview([at(11, { confidence: 'low' }), analyzer, at(13, { confidence: 'medium' })], DIFF, []);
    expect(plan.comments.map((c) => c.line)).toEqual([12]);
    expect(plan.belowThreshold.map((f) => f.line)).toEqual([11, 13]);
    expect(planReview([at(11, { confidence: 'low' }), at(13, { confidence: 'medium' })], DIFF, [], { minConfidence: 'medium' }).comments.map((c) => c.line)).toEqual([13]);
  });

  it('keeps the most severe, then most confident, findings inline up to the cap and lists the rest', () => {
    const findings = [
      at(10, { severity: 'info' }),
      at(11, { severity: 'warning', confidence: 'medium' }),
      at(12, { severity: 'warning' }),
      at(13, { severity: 'error', confidence: 'medium' }),
      at(14, { severity: 'info', confidence: 'low' }),
    ];
    const plan = planReview(findings, DIFF, [], { minConfidence: 'medium', maxComments: 2 });
    expect(plan.comments.map((c) => c.line)).toEqual([12, 13]);
    expect(plan.overCap.map((f) => f.line)).toEqual([10, 11]);
    expect(plan.belowThreshold.map((f) => f.line)).toEqual([14]);
  });

  it('the review body says why each listed finding is not inline', () => {
    const plan = planReview(
      [at(11, { confidence: 'low', message: 'maybe null' }), at(12, { severity: 'error' }), at(13, {}), ai({ file: 'src/a.ts', line: 99, message: 'far', confidence: 'medium' })],
      DIFF,
      [],
      { maxComments: 1 },
    );
    expect(reviewBody(plan)).toBe(
      [
        '**agentic-sdlc** placed 1 comment on the diff.',
        '',
        'Findings outside the changed lines (1):',
        '',
        '- ⚠️ `src/a.ts:99` **llm-review** (medium confidence): far',
        '',
        'Below the high-confidence threshold for inline comments (1):',
        '',
        '- ⚠️ `src/a.ts:11` **llm-review** (low confidence): maybe null',
        '',
        'Over the limit of 1 inline comment (1):',
        '',
        '- ⚠️ `src/a.ts:13` **llm-review** (high confidence): m13',
      ].join('\n'),
    );
  });
});
