import { z } from 'zod';
import { defineAction, type ActionTools } from '../../../engine/action.js';
import { nonRetryable } from '../../../engine/errors.js';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import { rerequestedRunId } from './check-run-rerequest.js';
import { isBotSender } from './is-bot.js';
import { loadRepoConfig, RepoConfigError } from '../repo-config/load-repo-config.js';
import type { RepoConfig } from '../repo-config/repo-config.js';
import { inputsFor, isTriggerLabel, needsPaths, selectWorkflows } from './select-workflows.js';
import { resolveTarget, type Target } from '../rest/clients.js';
import { clearConfigError, reportConfigError } from './config-notice.js';
import { rerunCheckRun } from './dispatch-check-run.js';
import { handleCommand } from './dispatch-command.js';
import { callGithub } from '../rest/github-error.js';
import { dispatchOutput, type DispatchDeps, type DispatchOutput } from './dispatch-output.js';
import type { SubmittedRun } from './run-control.js';

/**
 * `github.dispatch`: the background half of a webhook. Loads the repository's configuration (and corrects an
 * earlier error comment once it is valid), applies the bot, draft, permission and command rules, and submits
 * the matching workflows, or the run a re-requested check run names, with the idempotency key
 * `<delivery id>:<workflow>`, so a redelivery never starts a workflow twice.
 */
export function dispatchAction(deps: DispatchDeps) {
  return defineAction({
    name: 'github.dispatch',
    description: 'Routes a GitHub webhook to the workflows it starts (internal).',
    input: z.object({}).strict(),
    output: dispatchOutput,
    async run(ctx, _input, tools) {
      const event = ctx.event;
      if (!event || event.source !== 'github') throw nonRetryable('github.dispatch needs a GitHub trigger event', 'no_event');
      if (isBotSender(event)) return ignored('bot sender');
      const target = await resolveTarget(deps.clients, event);
      let config: RepoConfig;
      try {
        config = await loadRepoConfig(target.octokit, { owner: target.owner, repo: target.repo, file: deps.repoConfigFile, signal: tools.signal });
      } catch (error) {
        if (error instanceof RepoConfigError) await reportConfigError(target, error, deps.repoConfigFile, tools);
        throw error instanceof RepoConfigError ? nonRetryable(error.message, 'invalid_repo_config') : error;
      }
      if (event.repo) await clearConfigError(deps.runs, target, { repo: event.repo, runId: ctx.runId, file: deps.repoConfigFile }, tools);
      return { ...(await route(deps, target, config, event, tools)), repoConfig: 'valid' as const };
    },
  });
}

/** What a delivery does once the repository's configuration is known. */
async function route(deps: DispatchDeps, target: Target, config: RepoConfig, event: TriggerEvent, tools: ActionTools): Promise<DispatchOutput> {
  if (!config.enabled) return ignored(`disabled by .github/${deps.repoConfigFile}`);
  const rerequested = rerequestedRunId(event, deps.appId);
  if (rerequested !== undefined) return rerunCheckRun(deps.runs, event, rerequested, tools);
  if (event.event === 'issue_comment') {
    if (!event.command) return ignored('no command');
    return handleCommand({ ...deps, target, config, event, tools, submitMatching: (e, explicit) => submitMatching(deps, target, config, e, tools, explicit) });
  }
  const draft = (event.payload as { pull_request?: { draft?: boolean } }).pull_request?.draft === true;
  if (event.event === 'pull_request' && draft && !config.pullRequests.drafts && !isTriggerLabel(event, config)) return ignored('draft pull request');
  const runs = await submitMatching(deps, target, config, event, tools);
  if (runs.length === 0) return ignored('no workflow matches');
  if (config.triggerLabels.remove && isTriggerLabel(event, config) && target.number !== undefined) {
    await removeLabel(target, target.number, event.label!, tools);
  }
  return { outcome: 'submitted' as const, runs };
}

async function submitMatching(
  deps: DispatchDeps,
  target: Target,
  config: RepoConfig,
  event: TriggerEvent,
  tools: ActionTools,
  explicit: Record<string, unknown> = {},
): Promise<SubmittedRun[]> {
  let candidates = selectWorkflows(deps.workflows(), event, config);
  if (candidates.length > 0 && needsPaths(candidates, event, config) && isPullRequest(event) && target.number !== undefined) {
    event = { ...event, paths: await changedPaths(target, target.number, tools.signal) };
    candidates = selectWorkflows(candidates, event, config);
  }
  const runs: SubmittedRun[] = [];
  for (const workflow of candidates) {
    const { run, created } = await deps.runs.submit(workflow, {
      event,
      inputs: inputsFor(workflow, config, explicit),
      ...(event.deliveryId ? { idempotencyKey: `${event.deliveryId}:${workflow.name}` } : {}),
    });
    tools.log.info(created ? 'workflow run submitted' : 'workflow run already exists', { workflow: workflow.name, childRunId: run.id });
    runs.push({ workflow: workflow.name, runId: run.id, created });
  }
  return runs;
}

function isPullRequest(event: TriggerEvent): boolean {
  if (event.event === 'pull_request') return true;
  return (event.payload as { issue?: { pull_request?: unknown } }).issue?.pull_request !== undefined;
}

async function changedPaths(target: Target, pullNumber: number, signal: AbortSignal): Promise<string[]> {
  const files = await callGithub('listing the pull request files', () =>
    target.octokit.paginate(target.octokit.rest.pulls.listFiles, { owner: target.owner, repo: target.repo, pull_number: pullNumber, per_page: 100, request: { signal } }),
  );
  return files.flatMap((file) => (file.previous_filename ? [file.filename, file.previous_filename] : [file.filename]));
}

async function removeLabel(target: Target, issueNumber: number, name: string, tools: ActionTools): Promise<void> {
  try {
    await target.octokit.rest.issues.removeLabel({ owner: target.owner, repo: target.repo, issue_number: issueNumber, name, request: { signal: tools.signal } });
  } catch (error) {
    tools.log.warn('could not remove the trigger label', { label: name, status: (error as { status?: number }).status });
  }
}

function ignored(reason: string): DispatchOutput {
  return { outcome: 'ignored', reason, runs: [] };
}
