import type { DiffFile } from '../../diff/parse-diff.js';
import { firstMatchingGlob } from '../../analysis/paths.js';
import type { TokenCounter } from '../tokens.js';
import { lowValueReason, relevance, unreviewableReason } from './classify-file.js';
import { extendToEnclosingScope } from './extend-context.js';
import { hunkUnits, type ReviewUnit } from './hunk-units.js';
import { hasAdditions, newRange } from './render-hunk.js';

export type { ReviewUnit } from './hunk-units.js';

export interface PackedFile {
  path: string;
  /** `## path (modified, +12 -3)`: what the model reads above the file's units. */
  header: string;
  headerTokens: number;
  relevance: number;
  units: ReviewUnit[];
  additions: number;
  deletions: number;
  /** Units of removed-only hunks, reviewed only when everything fits in one call. */
  optionalUnits: ReviewUnit[];
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface UnitPlan {
  /** Files every review reads, most relevant first. */
  files: PackedFile[];
  skipped: SkippedFile[];
  /** Whether low-value content (lockfiles, test snapshots, generated files, removed-only hunks) is included: the whole diff fits one call. */
  includesLowValue: boolean;
  /** Changed (added + removed) lines in the diff, and those whose content the plan shows a model. */
  changedLines: number;
  changedLinesShown: number;
}

export interface PackOptions {
  /** Prompt tokens per call, system prompt and instructions included. */
  maxPromptTokens: number;
  /** Tokens of everything in a prompt but the diff (system prompt, instructions, schema). */
  overheadTokens: number;
  countTokens: TokenCounter;
  /** Globs of paths never sent (`llm.review` input `ignore`). */
  ignore?: readonly string[];
  /** New-side file contents, to extend hunks to their enclosing function. */
  sources?: Readonly<Record<string, string>>;
}

export interface Batch {
  units: ReviewUnit[];
  tokens: number;
}

/**
 * Turns parsed files into review units and decides what is sent: binary, deleted and unchanged files
 * never; lockfiles, test snapshots, generated or vendored files and removed-only hunks only when the whole diff fits one
 * call (they are dropped first); every other file always, split over as many calls as it takes.
 */
export function planUnits(files: readonly DiffFile[], options: PackOptions): UnitPlan {
  const budget = unitBudget(options);
  const skipped: SkippedFile[] = [];
  const main: PackedFile[] = [];
  const lowValue: { file: PackedFile; reason: string }[] = [];
  let changedLines = 0;
  for (const file of files) {
    changedLines += file.additions + file.deletions;
    const glob = options.ignore?.length ? firstMatchingGlob(options.ignore, file.path) : undefined;
    const reason = glob !== undefined ? `matches ignore glob ${glob}` : unreviewableReason(file);
    if (reason) {
      skipped.push({ path: file.path, reason });
      continue;
    }
    const packed = packFile(file, budget, options);
    const low = lowValueReason(file);
    if (low) lowValue.push({ file: packed, reason: low });
    else main.push(packed);
  }

  const tokensOf = (packed: PackedFile, optional: boolean) =>
    packed.headerTokens + sum(packed.units, 'tokens') + (optional ? sum(packed.optionalUnits, 'tokens') : 0);
  const everything = sumBy(main, (f) => tokensOf(f, true)) + sumBy(lowValue, ({ file }) => tokensOf(file, true));
  const includesLowValue = everything <= budget;
  const reviewed = [...main];
  if (includesLowValue) {
    for (const packed of [...main, ...lowValue.map(({ file }) => file)]) packed.units = [...packed.units, ...packed.optionalUnits].sort((a, b) => a.hunk - b.hunk || a.part - b.part);
    reviewed.push(...lowValue.map(({ file }) => file));
  } else {
    for (const { file, reason } of lowValue) skipped.push({ path: file.path, reason: `${reason} (dropped to fit the token budget)` });
  }
  for (const packed of reviewed) packed.optionalUnits = [];
  reviewed.sort((a, b) => b.relevance - a.relevance || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const changedLinesShown = sumBy(reviewed, (f) => sumBy(f.units, (u) => u.addedShown + u.deletedShown));
  return { files: reviewed, skipped, includesLowValue, changedLines, changedLinesShown };
}

/**
 * Packs units into calls of at most `maxPromptTokens`: files in relevance order, each whole into the first
 * call with room; a file too large for one call is split between hunks (and a hunk between lines, see
 * `planUnits`). Every unit lands in exactly one batch.
 */
export function packBatches(files: readonly PackedFile[], options: Pick<PackOptions, 'maxPromptTokens' | 'overheadTokens'>, include: (unit: ReviewUnit) => boolean = () => true): Batch[] {
  const budget = unitBudget(options);
  const batches: Batch[] = [];
  const place = (units: ReviewUnit[], tokens: number) => {
    const open = batches.find((batch) => batch.tokens + tokens <= budget);
    if (open) {
      open.units.push(...units);
      open.tokens += tokens;
    } else {
      batches.push({ units: [...units], tokens });
    }
  };
  for (const file of files) {
    const units = file.units.filter(include);
    if (units.length === 0) continue;
    const total = file.headerTokens + sum(units, 'tokens');
    if (total <= budget) {
      place(units, total);
      continue;
    }
    let group: ReviewUnit[] = [];
    let tokens = file.headerTokens;
    for (const unit of units) {
      if (group.length > 0 && tokens + unit.tokens > budget) {
        place(group, tokens);
        group = [];
        tokens = file.headerTokens;
      }
      group.push(unit);
      tokens += unit.tokens;
    }
    if (group.length) place(group, tokens);
  }
  return batches;
}

/** The diff part of a prompt: units grouped under their file headers, in the order given. */
export function renderBatch(units: readonly ReviewUnit[], files: ReadonlyMap<string, PackedFile>): string {
  const out: string[] = [];
  let current: string | undefined;
  for (const unit of units) {
    if (unit.path !== current) {
      current = unit.path;
      if (out.length) out.push('');
      out.push(files.get(unit.path)?.header ?? `## ${unit.path}`);
    }
    out.push(unit.text);
  }
  return out.join('\n');
}

function unitBudget(options: Pick<PackOptions, 'maxPromptTokens' | 'overheadTokens'>): number {
  const budget = options.maxPromptTokens - options.overheadTokens;
  if (budget < 500) throw new Error(`a prompt budget of ${options.maxPromptTokens} tokens leaves ${budget} for the diff after ${options.overheadTokens} tokens of instructions`);
  return budget;
}

function packFile(file: DiffFile, budget: number, options: PackOptions): PackedFile {
  const moved = file.status === 'renamed' || file.status === 'copied' ? `, ${file.status} from ${file.oldPath}` : '';
  const header = `## ${file.path} (${file.status}${moved}, +${file.additions} -${file.deletions})`;
  const headerTokens = options.countTokens(header) + 1;
  const source = options.sources?.[file.path]?.split('\n');
  const units: ReviewUnit[] = [];
  const optionalUnits: ReviewUnit[] = [];
  let previousEnd = 0;
  file.hunks.forEach((original, index) => {
    const hunk = source ? extendToEnclosingScope(original, source, previousEnd) : original;
    previousEnd = newRange(hunk.lines, hunk.newStart).end;
    const target = hasAdditions(hunk) ? units : optionalUnits;
    // Lines the widening added are shown whole: the enclosing function's opening line is why they are there.
    const widened = hunk.lines.length - original.lines.length;
    target.push(...hunkUnits(file.path, hunk, index, budget - headerTokens, options.countTokens, widened));
  });
  return { path: file.path, header, headerTokens, relevance: relevance(file), units, additions: file.additions, deletions: file.deletions, optionalUnits };
}

function sum<T>(items: readonly T[], key: keyof T): number {
  let total = 0;
  for (const item of items) total += item[key] as number;
  return total;
}

function sumBy<T>(items: readonly T[], fn: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += fn(item);
  return total;
}
