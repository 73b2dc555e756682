import { createHash } from 'node:crypto';
import type { Finding } from '../../analysis/finding.js';
import type { LlmSession } from '../bridge.js';
import { REVIEW_PROMPT_VERSION } from '../prompts/review.js';
import { threadsOf, threadsText, type ReviewContext } from '../prompts/review-context.js';
import type { ReviewUnit } from './pack.js';

/** A finding as cached: lines relative to its unit, so an unchanged hunk that moved is still a hit. */
interface StoredFinding extends Omit<Finding, 'line' | 'endLine'> {
  lineOffset?: number;
  endOffset?: number;
}
interface StoredUnit {
  findings: StoredFinding[];
}

/**
 * The per-hunk response cache of a review. A hunk's findings depend on what the model was told besides the
 * hunk, so the key holds that too: the shared context (guidelines, PR text) in the prompt version, the
 * threads on the hunk's file in the hunk's key. Changed guidelines or a new reply mean a fresh review.
 */
export class HunkCache {
  private readonly version: string;
  private readonly threadKeys = new Map<string, string>();

  constructor(
    private readonly session: LlmSession,
    private readonly context: ReviewContext,
    sharedContext: string,
  ) {
    this.version = sharedContext ? `${REVIEW_PROMPT_VERSION}+${sha(sharedContext).slice(0, 16)}` : REVIEW_PROMPT_VERSION;
  }

  async get(unit: ReviewUnit): Promise<Finding[] | undefined> {
    const hit = await this.session.cacheGet<StoredUnit>(this.version, this.keyOf(unit));
    return hit?.value.findings.map((stored) => restore(stored, unit));
  }

  /** Stores each unit's findings: inline ones under the unit holding their line, summary ones under the file's first unit. */
  async set(model: string, units: readonly ReviewUnit[], inline: readonly Finding[], summary: readonly Finding[]): Promise<void> {
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
    for (const [unit, findings] of stored) await this.session.cacheSet(this.version, model, this.keyOf(unit), { findings } satisfies StoredUnit);
  }

  private keyOf(unit: ReviewUnit): string {
    let threads = this.threadKeys.get(unit.path);
    if (threads === undefined) {
      const text = threadsText(threadsOf(this.context.threads, unit.path));
      this.threadKeys.set(unit.path, (threads = text ? sha(text) : ''));
    }
    return threads ? sha(`${unit.hash}\u0000${threads}`) : unit.hash;
  }
}

function restore(stored: StoredFinding, unit: ReviewUnit): Finding {
  const { lineOffset, endOffset, ...rest } = stored;
  return {
    ...rest,
    file: unit.path,
    ...(lineOffset !== undefined ? { line: unit.newStart + lineOffset } : {}),
    ...(endOffset !== undefined ? { endLine: unit.newStart + endOffset } : {}),
  };
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
