import type { Finding } from '../../analysis/finding.js';
import { parseDiff } from '../../diff/parse-diff.js';
import type { LlmSession } from '../bridge.js';
import { REVIEW_PROMPT_VERSION, REVIEW_SYSTEM, reviewAnswerSchema, reviewUserPrompt, type ReviewAnswer } from '../prompts/review.js';
import { redactDiffFiles } from '../redact.js';
import { sanitizeCode, sanitizeModelText } from '../sanitize.js';
import { mapLimit } from '../semaphore.js';
import { toOutputJsonSchema } from '../structured.js';
import { MESSAGE_OVERHEAD_TOKENS } from '../tokens.js';
import { mergeFindings } from './merge-findings.js';
import { packBatches, planUnits, renderBatch, type PackedFile, type ReviewUnit, type SkippedFile } from './pack.js';
import { validateLines } from './validate-lines.js';

/** A finding from a model: the analyzer's shape plus replacement code for a GitHub suggestion block. */
export type LlmFinding = Finding & { suggestedCode?: string };

export const LLM_RULE = 'llm-review';

export interface ReviewRequest {
  diff: string;
  offlineFindings?: Finding[];
  ignore?: string[];
  sources?: Record<string, string>;
  /** Prompt tokens per call; the bridge's `contextTokens` by default. */
  maxPromptTokens: number;
  concurrency: number;
}

export interface ReviewStats {
  files: number;
  /** Files a model must read: all but binary, deleted, unchanged, ignored and dropped low-value ones. */
  reviewableFiles: number;
  /** Reviewable files whose every unit was read by a model in this run or a cached earlier one. */
  reviewedFiles: number;
  units: number;
  cachedUnits: number;
  calls: number;
  promptTokens: number;
  changedLines: number;
  changedLinesShown: number;
  movedToSummary: number;
  dropped: number;
}

export interface ReviewOutcome {
  findings: LlmFinding[];
  skipped: SkippedFile[];
  stats: ReviewStats;
}

interface StoredFinding extends Omit<LlmFinding, 'line' | 'endLine'> {
  lineOffset?: number;
  endOffset?: number;
}
interface StoredUnit {
  findings: StoredFinding[];
}

/**
 * The whole review: redact, pack, reuse cached hunks, review the rest in parallel calls, check every line
 * against the diff, cache per hunk, merge with the offline findings.
 */
export async function runReview(session: LlmSession, request: ReviewRequest): Promise<ReviewOutcome> {
  const original = parseDiff(request.diff);
  const { files } = redactDiffFiles(original, request.offlineFindings ?? []);
  const count = session.countTokens;
  const overheadTokens =
    count(REVIEW_SYSTEM) + count(reviewUserPrompt('')) + Math.ceil(JSON.stringify(toOutputJsonSchema(reviewAnswerSchema)).length / 3) + 4 * MESSAGE_OVERHEAD_TOKENS;
  const plan = planUnits(files, {
    maxPromptTokens: request.maxPromptTokens,
    overheadTokens,
    countTokens: count,
    ...(request.ignore ? { ignore: request.ignore } : {}),
    ...(request.sources ? { sources: request.sources } : {}),
  });
  const byPath = new Map<string, PackedFile>(plan.files.map((file) => [file.path, file]));

  const restored: LlmFinding[] = [];
  const cached = new Set<ReviewUnit>();
  const allUnits = plan.files.flatMap((file) => file.units);
  for (const unit of allUnits) {
    const hit = await session.cacheGet<StoredUnit>(REVIEW_PROMPT_VERSION, unit.hash);
    if (!hit) continue;
    cached.add(unit);
    restored.push(...hit.value.findings.map((stored) => restore(stored, unit)));
  }
  if (cached.size) session.recordCacheHit(session.primary, `${cached.size} of ${allUnits.length} diff hunks`);

  const batches = packBatches(plan.files, { maxPromptTokens: request.maxPromptTokens, overheadTokens }, (unit) => !cached.has(unit));
  const promptTokens = batches.reduce((total, batch) => total + batch.tokens + overheadTokens, 0);
  if (batches.length) await session.checkPlan(batches.length, promptTokens, `reviewing ${new Set(batches.flatMap((b) => b.units.map((u) => u.path))).size} files`);

  let failed = false;
  const answers = await mapLimit(batches, request.concurrency, async (batch) => {
    if (failed) return undefined;
    try {
      const result = await session.structured({
        promptVersion: REVIEW_PROMPT_VERSION,
        system: REVIEW_SYSTEM,
        user: reviewUserPrompt(renderBatch(batch.units, byPath)),
        schema: reviewAnswerSchema,
        name: 'report_findings',
        description: 'Report the problems found in this part of the pull request diff.',
        cache: false,
      });
      return { batch, answer: result.value, model: result.model };
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  const fresh: LlmFinding[] = [];
  const read = new Set<ReviewUnit>(cached);
  for (const entry of answers) {
    if (!entry) continue;
    for (const unit of entry.batch.units) read.add(unit);
    const findings = toFindings(entry.answer, new Set(entry.batch.units.map((unit) => unit.path)));
    const { inline, summary } = validateLines(original, findings);
    fresh.push(...inline, ...summary);
    await cacheUnits(session, entry.model, entry.batch.units, inline, summary);
  }

  const checked = validateLines(original, [...restored, ...fresh]);
  const merged = mergeFindings(request.offlineFindings ?? [], [...checked.inline, ...checked.summary]);
  const reviewedFiles = plan.files.filter((file) => file.units.every((unit) => read.has(unit))).length;
  return {
    findings: merged,
    skipped: plan.skipped,
    stats: {
      files: original.length,
      reviewableFiles: plan.files.length,
      reviewedFiles,
      units: allUnits.length,
      cachedUnits: cached.size,
      calls: batches.length,
      promptTokens,
      changedLines: plan.changedLines,
      changedLinesShown: plan.changedLinesShown,
      movedToSummary: checked.summary.filter((f) => f.rule === LLM_RULE).length,
      dropped: checked.dropped.length,
    },
  };
}

/** Model answers as findings: only for files of the call, text sanitized for posting. */
function toFindings(answer: ReviewAnswer, paths: ReadonlySet<string>): LlmFinding[] {
  const out: LlmFinding[] = [];
  for (const item of answer.findings) {
    const file = item.file.replace(/^[ab]\//, '');
    if (!paths.has(file)) continue;
    const suggestion = item.suggestion ? sanitizeModelText(item.suggestion, { maxLength: 1000 }) : '';
    out.push({
      rule: LLM_RULE,
      severity: item.severity,
      message: sanitizeModelText(item.message, { maxLength: 1000 }),
      file,
      line: item.line,
      ...(item.endLine && item.endLine > item.line ? { endLine: item.endLine } : {}),
      ...(suggestion ? { suggestion } : {}),
      category: item.category,
      ...(item.suggestedCode !== null ? { suggestedCode: sanitizeCode(item.suggestedCode) } : {}),
    });
  }
  return out;
}

/** Stores each unit's findings, lines relative to the unit, so an unchanged hunk that moved is still a hit. */
async function cacheUnits(session: LlmSession, model: string, units: readonly ReviewUnit[], inline: readonly LlmFinding[], summary: readonly LlmFinding[]): Promise<void> {
  const stored = new Map<ReviewUnit, StoredFinding[]>(units.map((unit) => [unit, []]));
  const firstOf = (path: string) => units.find((unit) => unit.path === path);
  for (const finding of inline) {
    const unit = units.find((u) => u.path === finding.file && finding.line! >= u.newStart && finding.line! <= u.newEnd) ?? firstOf(finding.file);
    if (!unit) continue;
    const { line, endLine, ...rest } = finding;
    stored.get(unit)!.push({ ...rest, lineOffset: line! - unit.newStart, ...(endLine !== undefined ? { endOffset: endLine - unit.newStart } : {}) });
  }
  for (const finding of summary) {
    const unit = firstOf(finding.file);
    if (unit) stored.get(unit)!.push({ ...finding });
  }
  for (const [unit, findings] of stored) await session.cacheSet(REVIEW_PROMPT_VERSION, model, unit.hash, { findings } satisfies StoredUnit);
}

function restore(stored: StoredFinding, unit: ReviewUnit): LlmFinding {
  const { lineOffset, endOffset, ...rest } = stored;
  return {
    ...rest,
    file: unit.path,
    ...(lineOffset !== undefined ? { line: unit.newStart + lineOffset } : {}),
    ...(endOffset !== undefined ? { endLine: unit.newStart + endOffset } : {}),
  };
}
