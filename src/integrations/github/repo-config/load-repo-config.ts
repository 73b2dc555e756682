import { LineCounter, parseDocument } from 'yaml';
import { SourcePositions } from '../../../engine/loader/positions.js';
import type { z } from 'zod';
import type { Octokit } from '../rest/clients.js';
import { DEFAULT_REPO_CONFIG, repoConfigSchema, type RepoConfig } from './repo-config.js';

export interface RepoConfigProblem {
  /** `owner/repo:.github/agentic-sdlc.yml` */
  file: string;
  line: number;
  col: number;
  message: string;
}

/** A `.github/agentic-sdlc.yml` (or a file it extends) that cannot be used; every problem is located. */
export class RepoConfigError extends Error {
  constructor(readonly problems: RepoConfigProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
    this.name = 'RepoConfigError';
  }
}

interface ConfigFile {
  owner: string;
  repo: string;
  path: string;
  config: Record<string, unknown> | null;
}

/**
 * Reads the repository's configuration the way Probot's `context.config` does (same plugin: the repo's
 * file, else the organization's `.github` repository, following `_extends`), then validates every file on
 * its own so a problem is reported in the file that has it. Positions come from re-reading that file's text,
 * which only happens when something is wrong.
 */
export async function loadRepoConfig(octokit: Octokit, where: { owner: string; repo: string; file: string; signal?: AbortSignal }): Promise<RepoConfig> {
  const path = `.github/${where.file}`;
  let files: ConfigFile[];
  try {
    ({ files } = (await octokit.config.get({ owner: where.owner, repo: where.repo, path })) as unknown as { files: ConfigFile[] });
  } catch (error) {
    throw yamlProblem(error, where, path) ?? error;
  }
  const found = files.filter((file): file is ConfigFile & { config: Record<string, unknown> } => file.config !== null);
  if (found.length === 0) return DEFAULT_REPO_CONFIG;

  const problems: RepoConfigProblem[] = [];
  for (const file of found) {
    const result = repoConfigSchema.safeParse(file.config);
    if (!result.success) problems.push(...(await locate(octokit, file, result.error.issues)));
  }
  if (problems.length) throw new RepoConfigError(problems);
  // Later files are the bases; the repository's own file wins. Sections merge one level deep.
  const merged: Record<string, unknown> = {};
  for (const file of [...found].reverse()) {
    for (const [key, value] of Object.entries(file.config)) {
      merged[key] = isPlainObject(value) && isPlainObject(merged[key]) ? { ...merged[key], ...value } : value;
    }
  }
  return repoConfigSchema.parse(merged);
}

function yamlProblem(error: unknown, where: { owner: string; repo: string }, path: string): RepoConfigError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { linePos?: { line: number; col: number }[]; message?: string } }).cause;
  if (!message.startsWith('[@probot/octokit-plugin-config]')) return undefined;
  const file = fileFromUrl(message) ?? `${where.owner}/${where.repo}:${path}`;
  if (cause?.linePos?.[0]) {
    const reason = (cause.message ?? 'invalid YAML').split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return new RepoConfigError([{ file, line: cause.linePos[0].line, col: cause.linePos[0].col, message: reason }]);
  }
  return new RepoConfigError([{ file, line: 1, col: 1, message: message.replace('[@probot/octokit-plugin-config] ', '') }]);
}

async function locate(octokit: Octokit, file: ConfigFile, issues: z.core.$ZodIssue[]): Promise<RepoConfigProblem[]> {
  const name = `${file.owner}/${file.repo}:${file.path}`;
  let positions: SourcePositions | undefined;
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: file.owner, repo: file.repo, path: file.path, mediaType: { format: 'raw' } });
    // The raw media type answers with the file's text.
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    const lineCounter = new LineCounter();
    positions = new SourcePositions(text, parseDocument(text, { lineCounter }), lineCounter);
  } catch {
    // Positions are a courtesy: report at 1:1 rather than not at all.
  }
  return issues.map((issue) => {
    const unknownKey = issue.code === 'unrecognized_keys';
    const path = unknownKey ? [...issue.path, issue.keys[0]!] : issue.path;
    const { line, col } = positions ? positions.locate(path.map(String), unknownKey ? 'key' : 'value') : { line: 1, col: 1 };
    const key = issue.path.map(String).join('.') || '(root)';
    const message = unknownKey ? `${key}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : `${key}: ${issue.message}`;
    return { file: name, line, col, message };
  });
}

function fileFromUrl(message: string): string | undefined {
  const match = /\/repos\/([^/]+)\/([^/]+)\/contents\/(\S+?)(?:\?|\s|$)/.exec(message);
  return match ? `${match[1]}/${match[2]}:${decodeURIComponent(match[3]!)}` : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
