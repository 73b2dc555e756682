import { z } from 'zod';
import { DATA_RULE, asData, clip } from './delimit.js';

export const CI_FAILURE_PROMPT_VERSION = 'ci-failure-v1';

export const ciFailureAnswerSchema = z.object({
  rootCause: z.string().min(1),
  category: z.enum(['test', 'build', 'lint', 'dependency', 'infrastructure', 'flaky', 'timeout', 'configuration', 'unknown']),
  confidence: z.enum(['high', 'medium', 'low']),
  suspectFiles: z.array(z.object({ path: z.string(), reason: z.string() })),
  suspectCommits: z.array(z.object({ sha: z.string(), reason: z.string() })),
  suggestedFix: z.string(),
});
export type CiFailureAnswer = z.infer<typeof ciFailureAnswerSchema>;

export const CI_FAILURE_SYSTEM = [
  'You diagnose failed CI builds from the end of their log.',
  'rootCause: the first real error and why it happened, quoting the decisive log line in backticks. Distinguish the cause from its consequences.',
  'suspectFiles: paths named in the log or in <commits> that most likely caused it; suspectCommits: only shas listed in <commits>.',
  'suggestedFix: concrete steps or a code change. Say "flaky" only when the log shows a timing or network symptom unrelated to the changes.',
  DATA_RULE,
].join('\n');

export interface CiCommit {
  sha: string;
  message: string;
  files?: string[];
}

export function ciFailureUserPrompt(job: { name?: string; status?: string; url?: string }, tail: string, commits: readonly CiCommit[]): string {
  const commitList = commits
    .map((commit) => `${commit.sha.slice(0, 12)} ${clip(commit.message.split('\n')[0] ?? '', 200)}${commit.files?.length ? ` (${commit.files.slice(0, 30).join(', ')})` : ''}`)
    .join('\n');
  return [
    `Diagnose this failed build${job.name ? ` of ${job.name}` : ''}${job.status ? ` (status ${job.status})` : ''}.`,
    asData('log', tail),
    asData('commits', commitList || '(unknown)'),
  ].join('\n\n');
}
