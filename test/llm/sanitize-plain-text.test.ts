import { describe, expect, it } from 'vitest';
import { toFindings } from '../../src/llm/review/answer-findings.js';
import { sanitizePlainText } from '../../src/llm/sanitize.js';
import { commentBody } from '../../src/integrations/github/actions/review-comments.js';

// A finding's message is plain text that renderers escape: escaping it here too showed readers `&lt;`.
describe('sanitizePlainText', () => {
  it('keeps < > & as typed, for the renderer to escape once', () => {
    expect(sanitizePlainText('if a < b && b > c')).toBe('if a < b && b > c');
  });

  it('defuses mentions and Slack specials, drops control characters, bounds the length', () => {
    const text = sanitizePlainText('ping @octocat and <!channel> and <@U123>\u0007 now');
    expect(text).not.toMatch(/(^|\s)@octocat/);
    expect(text).toContain('@\u200doctocat');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('\u0007');
    expect(sanitizePlainText('x'.repeat(5000), { maxLength: 100 }).length).toBeLessThanOrEqual(100);
  });

  it('a model finding with `<` reads `&lt;` exactly once in the posted comment', () => {
    const [finding] = toFindings(
      {
        findings: [
          { file: 'src/a.ts', line: 3, endLine: null, severity: 'warning', category: 'correctness', confidence: 'high', message: 'Use `Array<string>` when a < b', suggestion: null, suggestedCode: null },
        ],
      },
      new Set(['src/a.ts']),
    );
    expect(finding!.message).toBe('Use `Array<string>` when a < b');
    const body = commentBody(finding!, '0123456789abcdef');
    expect(body).toContain('a &lt; b');
    expect(body).not.toContain('&amp;lt;');
  });
});
