import type { DiffFile } from '../diff/parse-diff.js';
import { parseAnalyzerConfig, type AnalyzerConfig } from './config.js';
import type { Finding } from './finding.js';
import { firstMatchingGlob, globMatcher, isGenerated, isLockfile } from './paths.js';
import type { RuleContext } from './rule.js';
import { RULES } from './rules/index.js';

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface AnalysisStats {
  /** Every file of the diff, skipped ones included. */
  files: number;
  additions: number;
  deletions: number;
  /** Files whose lines no rule read, and why. */
  skippedFiles: SkippedFile[];
}

export interface AnalysisResult {
  findings: Finding[];
  stats: AnalysisStats;
}

/**
 * Runs every enabled rule over a parsed diff. Pure and deterministic: findings are sorted by file, line,
 * rule and message. Throws `AnalyzerConfigError` for an invalid configuration.
 */
export function analyzeDiff(files: readonly DiffFile[], config?: AnalyzerConfig): AnalysisResult {
  const { ignore = [], rules: settings = {} } = parseAnalyzerConfig(config);
  const included: DiffFile[] = [];
  const contentFiles: DiffFile[] = [];
  const skippedFiles: SkippedFile[] = [];
  for (const file of files) {
    const glob = firstMatchingGlob(ignore, file.path);
    if (glob !== undefined) {
      skippedFiles.push({ path: file.path, reason: `matches ignore glob ${glob}` });
      continue;
    }
    included.push(file);
    const reason = contentSkipReason(file);
    if (reason) skippedFiles.push({ path: file.path, reason });
    else contentFiles.push(file);
  }

  const findings: Finding[] = [];
  for (const rule of RULES) {
    const setting = settings[rule.id];
    if (setting === 'off' || setting?.enabled === false) continue;
    const ignored = globMatcher(setting?.ignore ?? []);
    const context: RuleContext = {
      files: included.filter((file) => !ignored(file.path)),
      contentFiles: contentFiles.filter((file) => !ignored(file.path)),
    };
    for (const found of rule.run(context, setting?.options)) {
      findings.push({
        rule: rule.id,
        severity: setting?.severity ?? found.severity ?? rule.severity,
        file: found.file,
        ...(found.line !== undefined ? { line: found.line } : {}),
        ...(found.endLine !== undefined ? { endLine: found.endLine } : {}),
        message: found.message,
        ...(found.suggestion !== undefined ? { suggestion: found.suggestion } : {}),
        category: rule.category,
      });
    }
  }
  findings.sort(compareFindings);

  let additions = 0;
  let deletions = 0;
  for (const file of files) {
    additions += file.additions;
    deletions += file.deletions;
  }
  return { findings, stats: { files: files.length, additions, deletions, skippedFiles } };
}

function contentSkipReason(file: DiffFile): string | undefined {
  if (file.binary) return 'binary';
  if (file.status === 'deleted') return 'deleted';
  if (isGenerated(file.path)) return 'generated or vendored';
  if (isLockfile(file.path)) return 'lockfile';
  return undefined;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
