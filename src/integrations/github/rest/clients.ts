import type { ProbotOctokit } from 'probot';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import { nonRetryable } from '../../../engine/errors.js';

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** How GitHub actions get authenticated clients; the composition root builds it from the Probot app. */
export interface GithubClients {
  /** An installation client (token cached and refreshed by Probot). */
  octokitFor(installationId: number): Promise<Octokit>;
  /** The installation that covers `owner/repo`, for payloads that carry no `installation`. */
  installationFor(owner: string, repo: string): Promise<number>;
}

export interface Target {
  owner: string;
  repo: string;
  /** PR or issue number, when the action needs one. */
  number: number | undefined;
  installationId: number;
  octokit: Octokit;
}

interface TargetInput {
  repo?: string | undefined;
  number?: number | undefined;
  installationId?: number | undefined;
}

/** Repository, number and client for an action: explicit inputs first, then the run's trigger event. */
export async function resolveTarget(clients: GithubClients, event: TriggerEvent | undefined, input: TargetInput = {}): Promise<Target> {
  const full = input.repo ?? event?.repo;
  const [owner, repo] = full?.split('/') ?? [];
  if (!owner || !repo) {
    throw nonRetryable('no repository: set `repo: owner/name`, or run the workflow from a GitHub event', 'no_repository');
  }
  const installationId = input.installationId ?? installationOf(event) ?? (await clients.installationFor(owner, repo));
  const number = input.number ?? event?.number;
  return { owner, repo, number, installationId, octokit: await clients.octokitFor(installationId) };
}

export function requireNumber(target: Target, what: string): number {
  if (target.number === undefined) throw nonRetryable(`${what} needs a pull request or issue: set \`number\`, or run from a PR or issue event`, 'no_number');
  return target.number;
}

export function installationOf(event: TriggerEvent | undefined): number | undefined {
  const id = (event?.payload as { installation?: { id?: unknown } } | undefined)?.installation?.id;
  return typeof id === 'number' ? id : undefined;
}

/** Clients for a process where the GitHub App is not configured: any GitHub step fails with the fix. */
export const unconfiguredGithub: GithubClients = {
  octokitFor: () => Promise.reject(notConfigured()),
  installationFor: () => Promise.reject(notConfigured()),
};

function notConfigured() {
  return nonRetryable('the GitHub App is not configured: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH); see docs/github-app.md', 'github_not_configured');
}
