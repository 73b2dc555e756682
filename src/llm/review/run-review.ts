import type { Finding } from '../../analysis/finding.js';
import { parseDiff } from '../../diff/parse-diff.js';
import type { LlmSession } from '../bridge.js';
import { REVIEW_PROMPT_VERSION, REVIEW_SYSTEM, reviewAnswerSchema, reviewUserPrompt } from '../prompts/review.js';
import { CONTEXT_LIMITS, fitThreads, sharedContextText, threadsText, type ReviewContext } from '../prompts/review-context.js';
import { redactDiffFiles } from '../redact.js';
import { mapLimit } from '../semaphore.js';
import { toOutputJsonSchema } from '../structured.js';
import { MESSAGE_OVERHEAD_TOKENS } from '../tokens.js';
import { LLM_RULE, toFindings } from './answer-findings.js';
import { HunkCache } from './hunk-cache.js';
import { mergeFindings } from './merge-findings.js';
import { packBatches, planUnits, renderBatch, type PackedFile, type ReviewUnit, type SkippedFile } from './pack.js';
import { validateLines } from './validate-lines.js';

export { LLM_RULE };

export interface ReviewRequest {
  diff: string;
  offlineFindings?: Finding[];
  ignore?: string[];
  sources?: Record<string, string>;
  /** Prompt tokens per call; the bridge's `contextTokens` by default. */
  maxPromptTokens: number;
  concurrency: number;
  /** PR text, repository guidelines and earlier threads; the same for every call but the threads, shown per file. */
  context?: ReviewContext;
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
  findings: Finding[];
  skipped: SkippedFile[];
  stats: ReviewStats;
}

/**
 * The whole review: redact, pack, reuse cached hunks, review the rest in parallel calls, check every line
 * against the diff, cache per hunk, merge with the offline findings.
 */
export async function runReview(session: LlmSession, request: ReviewRequest): Promise<ReviewOutcome> {
  const original = parseDiff(request.diff);
  const { files } = redactDiffFiles(original, request.offlineFindings ?? []);
  const count = session.countTokens;
  const context = request.context ?? {};
  const shared = sharedContextText(context);
  // Room every call keeps for its threads: what all of them take, up to the per-call reserve.
  const threadTokens = context.threads?.length ? Math.min(CONTEXT_LIMITS.threadTokens, count(threadsText(context.threads))) : 0;
  const overheadTokens =
    count(REVIEW_SYSTEM) +
    count(reviewUserPrompt('', { ...context, threads: [] })) +
    threadTokens +
    Math.ceil(JSON.stringify(toOutputJsonSchema(reviewAnswerSchema)).length / 3) +
    4 * MESSAGE_OVERHEAD_TOKENS;
  const cache = new HunkCache(session, context, shared);
  const plan = planUnits(files, {
    maxPromptTokens: request.maxPromptTokens,
    overheadTokens,
    countTokens: count,
    ...(request.ignore ? { ignore: request.ignore } : {}),
    ...(request.sources ? { sources: request.sources } : {}),
  });
  const byPath = new Map<string, PackedFile>(plan.files.map((file) => [file.path, file]));

  const restored: Finding[] = [];
  const cached = new Set<ReviewUnit>();
  const allUnits = plan.files.flatMap((file) => file.units);
  for (const unit of allUnits) {
    const hit = await cache.get(unit);
    if (!hit) continue;
    cached.add(unit);
    restored.push(...hit);
  }
  if (cached.size) session.recordCacheHit(session.primary, `${cached.size} of ${allUnits.length} diff hunks`);

  const batches = packBatches(plan.files, { maxPromptTokens: request.maxPromptTokens, overheadTokens }, (unit) => !cached.has(unit));
  const promptTokens = batches.reduce((total, batch) => total + batch.tokens + overheadTokens, 0);
  if (batches.length) await session.checkPlan(batches.length, promptTokens, `reviewing ${new Set(batches.flatMap((b) => b.units.map((u) => u.path))).size} files`);

  let failed = false;
  const answers = await mapLimit(batches, request.concurrency, async (batch) => {
    if (failed) return undefined;
    try {
      const paths = new Set(batch.units.map((unit) => unit.path));
      const threads = fitThreads(context.threads?.filter((thread) => paths.has(thread.file)) ?? [], threadTokens, count);
      const result = await session.structured({
        promptVersion: REVIEW_PROMPT_VERSION,
        system: REVIEW_SYSTEM,
        user: reviewUserPrompt(renderBatch(batch.units, byPath), { ...context, threads }),
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

  const fresh: Finding[] = [];
  const read = new Set<ReviewUnit>(cached);
  for (const entry of answers) {
    if (!entry) continue;
    for (const unit of entry.batch.units) read.add(unit);
    const findings = toFindings(entry.answer, new Set(entry.batch.units.map((unit) => unit.path)));
    const { inline, summary } = validateLines(original, findings);
    fresh.push(...inline, ...summary);
    await cache.set(entry.model, entry.batch.units, inline, summary);
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
