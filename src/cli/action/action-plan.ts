import type { TriggerEvent } from '../../engine/trigger-event.js';
import type { Workflow } from '../../engine/workflow.js';
import type { GithubClients } from '../../integrations/github/actions/index.js';
import { repoCommandAccess } from '../../integrations/github/dispatch/command-access.js';
import { inputsFor, isTriggerLabel, selectWorkflows } from '../../integrations/github/dispatch/select-workflows.js';
import { loadRepoConfig } from '../../integrations/github/repo-config/load-repo-config.js';
import { resolveTarget } from '../../integrations/github/rest/clients.js';
import { describeEvent } from './action-event.js';

export type ActionPlan = { run: true; inputs: Record<string, unknown> } | { run: false; reason: string };

export interface PlanDeps {
  clients: GithubClients;
  /** `agentic-sdlc.yml`: the repository's `.github/` file, read from its default branch. */
  repoConfigFile: string;
  commandPrefix: string;
  signal: AbortSignal;
}

/**
 * Whether the job runs `workflow`, decided by the App's rules for a delivery (github.dispatch): the
 * repository's `.github/agentic-sdlc.yml` may turn agentic-sdlc or the workflow off; drafts wait unless it
 * allows them; a `/sdlc` comment needs the commenter's permission; the workflow's `on.github` must accept the
 * event. The inputs come from that file as well (`analyzer`, `llm.model`), `explicit` ones (the action's
 * `model` input) winning. Throws RepoConfigError when the file is invalid.
 */
export async function planActionRun(deps: PlanDeps, workflow: Workflow, event: TriggerEvent, explicit: Record<string, unknown>): Promise<ActionPlan> {
  // Decided before any call: the event is one the workflow never listens to (a push for the review).
  if (!workflow.on.github || !Object.hasOwn(workflow.on.github, event.event)) {
    return skip(`${workflow.name} does not run on ${describeEvent(event)}${listensTo(workflow, deps.commandPrefix)}`);
  }
  const target = await resolveTarget(deps.clients, event);
  const file = `.github/${deps.repoConfigFile}`;
  const config = await loadRepoConfig(target.octokit, { owner: target.owner, repo: target.repo, file: deps.repoConfigFile, signal: deps.signal });
  if (!config.enabled) return skip(`agentic-sdlc is turned off for ${target.owner}/${target.repo} by ${file} (enabled: false)`);
  if (config.workflows[workflow.name]?.enabled === false) return skip(`${workflow.name} is turned off by ${file} (workflows.${workflow.name}.enabled: false)`);

  const draft = (event.payload as { pull_request?: { draft?: boolean } }).pull_request?.draft === true;
  if (event.event === 'pull_request' && draft && !config.pullRequests.drafts && !isTriggerLabel(event, config)) {
    return skip(`draft pull request: not reviewed until it is ready (set pullRequests.drafts: true in ${file} to review drafts)`);
  }
  if (event.event === 'issue_comment' && event.command && event.sender) {
    const access = repoCommandAccess(config.commands, target, deps.commandPrefix);
    const decision = await access.decide(event.sender.login, event.command.name, deps.signal);
    if (!decision.allowed) return skip(decision.message);
  }
  if (selectWorkflows([workflow], event, config).length === 0) {
    return skip(`${workflow.name} does not run on ${describeEvent(event)}${listensTo(workflow, deps.commandPrefix)}`);
  }
  const declared = Object.fromEntries(Object.entries(explicit).filter(([key, value]) => key in workflow.inputs && value !== undefined));
  return { run: true, inputs: inputsFor(workflow, config, declared) };
}

function skip(reason: string): ActionPlan {
  return { run: false, reason };
}

/** `: it runs on pull_request (opened, synchronize), issue_comment (/sdlc review)`, from its `on.github`. */
function listensTo(workflow: Workflow, prefix: string): string {
  const github = workflow.on.github ?? {};
  const parts = Object.entries(github).map(([name, filter]) => {
    const details = [...(filter.types ?? []), ...(filter.commands ?? []).map((command) => `${prefix} ${command}`)];
    return details.length ? `${name} (${details.join(', ')})` : name;
  });
  return parts.length ? `: it runs on ${parts.join(', ')}` : ': it has no on.github trigger';
}
