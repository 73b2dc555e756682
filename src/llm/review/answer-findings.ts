import type { Finding } from '../../analysis/finding.js';
import type { ReviewAnswer } from '../prompts/review.js';
import { sanitizeCode, sanitizePlainText } from '../sanitize.js';

export const LLM_RULE = 'llm-review';

/** A model's answer as findings: only for files of the call, plain text (renderers escape it) without mentions or control characters, confidence kept. */
export function toFindings(answer: ReviewAnswer, paths: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const item of answer.findings) {
    const file = item.file.replace(/^[ab]\//, '');
    if (!paths.has(file)) continue;
    const suggestion = item.suggestion ? sanitizePlainText(item.suggestion, { maxLength: 1000 }) : '';
    out.push({
      rule: LLM_RULE,
      severity: item.severity,
      message: sanitizePlainText(item.message, { maxLength: 1000 }),
      file,
      line: item.line,
      ...(item.endLine && item.endLine > item.line ? { endLine: item.endLine } : {}),
      ...(suggestion ? { suggestion } : {}),
      category: item.category,
      ...(item.suggestedCode !== null ? { suggestedCode: sanitizeCode(item.suggestedCode) } : {}),
      confidence: item.confidence,
    });
  }
  return out;
}
