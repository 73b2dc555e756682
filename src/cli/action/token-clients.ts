import type { Logger } from 'pino';
import type { GithubClients } from '../../integrations/github/actions/index.js';
import type { Octokit } from '../../integrations/github/rest/clients.js';
import { githubCallLogging } from '../../integrations/github/rest/github-call.js';

/**
 * The `github.*` actions' clients for a GitHub Actions job: one Octokit authenticated by the job's token
 * (GITHUB_TOKEN), against `baseUrl` (GHES included). It is the App's Octokit otherwise — Probot's, with retry,
 * throttling, the config plugin `.github/agentic-sdlc.yml` is read with, and the call logging that names a
 * failed call — so the actions behave as they do under the App. Probot is imported on first use.
 */
export function tokenGithubClients(options: { token: string; baseUrl: string; log: Logger }): GithubClients {
  let octokit: Promise<Octokit> | undefined;
  const client = (): Promise<Octokit> =>
    (octokit ??= import('probot').then(({ ProbotOctokit }) => {
      const TokenOctokit = ProbotOctokit.plugin(githubCallLogging);
      return new TokenOctokit({ auth: { token: options.token }, baseUrl: options.baseUrl, log: options.log.child({ name: 'octokit' }) });
    }));
  return {
    octokitFor: client,
    // A job token is scoped to its own repository: there is no installation to look up or switch to.
    installationFor: () => Promise.resolve(0),
  };
}
