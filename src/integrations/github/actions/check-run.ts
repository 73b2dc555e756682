import { z } from 'zod';
import { findingSchema } from '../../../analysis/finding.js';
import { defineAction } from '../../../engine/action.js';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import { batches, checkTitle, clampSummary, toAnnotations, type CheckAnnotation } from './check-annotations.js';
import { resolveTarget, type GithubClients, type Target } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';

const conclusionSchema = z.enum(['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required']);

export const checkRunInput = z.object({
  /** `start` creates the check run `in_progress`; `complete` concludes it (creating it if `checkRunId` is empty). */
  mode: z.enum(['start', 'complete']),
  /** Shown in the PR's checks list. Defaults to `agentic-sdlc / <workflow>`. */
  name: z.string().min(1).optional(),
  /** The check run `start` returned. */
  checkRunId: z.union([z.number().int().positive(), z.literal(''), z.null()]).optional(),
  /** Commit to attach to; defaults to the PR head. */
  headSha: z.string().regex(/^[0-9a-f]{40}$/).nullish(),
  /** Defaults to `neutral`. Empty values (a step that did not run) count as absent. */
  conclusion: conclusionSchema.nullish(),
  /** Defaults to the finding counts (`1 error, 2 warnings`). */
  title: z.string().max(1_000).nullish(),
  /** Markdown. */
  summary: z.string().nullish(),
  findings: z
    .array(findingSchema)
    .nullish()
    .transform((findings) => findings ?? []),
  /** Annotations beyond this are left out and counted in the summary. */
  maxAnnotations: z.number().int().positive().default(1_000),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
});

export const checkRunOutput = z.object({
  checkRunId: z.number(),
  headSha: z.string(),
  url: z.string(),
  annotations: z.number(),
});

type CheckRunInput = z.infer<typeof checkRunInput>;

/** `github.check-run`: one check run per workflow run, started when the run starts, concluded with annotations. */
export function checkRunAction(clients: GithubClients) {
  return defineAction({
    name: 'github.check-run',
    description: 'Creates a check run (mode: start) and concludes it with title, summary and annotations (mode: complete).',
    input: checkRunInput,
    output: checkRunOutput,
    async run(ctx, input, { signal }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const headSha = input.headSha || (await headShaOf(target, ctx.event, signal));
      const name = input.name ?? `agentic-sdlc / ${ctx.workflow}`;
      const where = { owner: target.owner, repo: target.repo, request: { signal } };
      if (input.mode === 'start') {
        const { data } = await callGithub('creating the check run', () =>
          target.octokit.rest.checks.create({ ...where, name, head_sha: headSha, status: 'in_progress', external_id: ctx.runId }),
        );
        return { checkRunId: data.id, headSha, url: data.html_url ?? '', annotations: 0 };
      }
      return complete(target, input, { name, headSha, externalId: ctx.runId, signal });
    },
  });
}

async function complete(target: Target, input: CheckRunInput, options: { name: string; headSha: string; externalId: string; signal: AbortSignal }) {
  const { annotations, omitted } = toAnnotations(input.findings, input.maxAnnotations);
  const notes = omitted > 0 ? `\n\n${omitted} more annotation${omitted === 1 ? ' was' : 's were'} left out (limit ${input.maxAnnotations}).` : '';
  const conclusion = input.conclusion ?? 'neutral';
  const output = (batch: CheckAnnotation[]) => ({
    title: input.title || checkTitle(input.findings),
    summary: clampSummary(`${input.summary ?? ''}${notes}`.trim() || conclusion),
    annotations: batch,
  });
  const where = { owner: target.owner, repo: target.repo, request: { signal: options.signal } };
  const chunks = batches(annotations);
  let checkRunId = typeof input.checkRunId === 'number' ? input.checkRunId : undefined;
  let url = '';
  for (const [index, chunk] of chunks.entries()) {
    // Annotations accumulate across updates; the last request concludes the run.
    const last = index === chunks.length - 1;
    const state = last ? { status: 'completed' as const, conclusion } : { status: 'in_progress' as const };
    if (checkRunId === undefined) {
      const { data } = await callGithub('creating the check run', () =>
        target.octokit.rest.checks.create({ ...where, name: options.name, head_sha: options.headSha, external_id: options.externalId, ...state, output: output(chunk) }),
      );
      checkRunId = data.id;
      url = data.html_url ?? '';
    } else {
      const id = checkRunId;
      const { data } = await callGithub('updating the check run', () => target.octokit.rest.checks.update({ ...where, check_run_id: id, ...state, output: output(chunk) }));
      url = data.html_url ?? '';
    }
  }
  return { checkRunId: checkRunId!, headSha: options.headSha, url, annotations: annotations.length };
}

/** The PR's head commit: from the payload when it has one, otherwise asked for (comment commands). */
async function headShaOf(target: Target, event: TriggerEvent | undefined, signal: AbortSignal): Promise<string> {
  const payload = event?.payload as { pull_request?: { head?: { sha?: string } } } | undefined;
  const sha = payload?.pull_request?.head?.sha;
  if (sha) return sha;
  if (target.number === undefined) throw new Error('github.check-run needs `headSha` when not run from a pull request');
  const pullNumber = target.number;
  const { data } = await callGithub('reading the pull request', () =>
    target.octokit.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: pullNumber, request: { signal } }),
  );
  return data.head.sha;
}
