import type { Config } from '../config/schema.js';
import type { Integration, IntegrationDeps } from './integration.js';
import { createJenkinsIntegration } from './jenkins/index.js';
import { createJiraIntegration } from './jira/index.js';
import { createSlackIntegration } from './slack/index.js';

/**
 * Every integration besides GitHub, built from the configuration: the runtime registers their actions and
 * trigger kinds, the server mounts their routes. An unconfigured one is still listed, so `uses: slack.post`
 * validates and a workflow listening for it is warned about rather than ignored. (GitHub is built apart by the
 * runtime because the server's setup pages and the tests reach for its Probot.)
 */
export function createIntegrations(config: Config, deps: IntegrationDeps & { github: { installedOn(repo: string): Promise<boolean> } }): Integration[] {
  return [
    createSlackIntegration(config.slack, { ...deps, repositories: deps.github }),
    createJenkinsIntegration(config.jenkins, deps),
    createJiraIntegration(config.jira, deps),
  ];
}
