import examples from '../fixtures/jira/jira-v3-examples.json' with { type: 'json' };
import { jiraConfigSchema, type JiraConfig } from '../../src/config/integrations.js';
import type { ActionContext, ActionTools } from '../../src/engine/action.js';
import { createJiraIntegration } from '../../src/integrations/jira/index.js';

export const HOST = 'https://acme.atlassian.net';
export const EMAIL = 'mia@example.com';
export const API_TOKEN = 'ATATT3xFfGF0-test-api-token';
export const PAT = 'NjM2NzQ4-test-personal-access-token';
export const BASIC = `Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}`;
export const BEARER = `Bearer ${PAT}`;

export const cloudConfig = (extra: Partial<JiraConfig> = {}) => jiraConfigSchema.parse({ host: HOST, email: EMAIL, apiToken: API_TOKEN, ...extra });
export const dataCenterConfig = () => jiraConfigSchema.parse({ host: 'https://jira.acme.internal', personalAccessToken: PAT });

/** Atlassian's documented examples (the shared corpus, copied into the fixtures). */
export const jiraExamples = examples;
export const transitionsExample = examples.getTransitions.responses['200'].example;
export const commentExample = examples.addComment.responses['201'].example;
export const createdExample = examples.createIssue.responses['201'].example;
export const createErrorExample = examples.createIssue.responses['400'].example;

/**
 * `GET /issue/{key}?fields=status`: the issue example's identity with a status. The example itself carries no
 * status field; the status object is the shape Jira uses everywhere, taken from a transition's `to`.
 */
export function issueWithStatus(name: string) {
  const { id, self, key } = examples.getIssue.responses['200'].example;
  return { id, self, key, fields: { status: { ...examples.getTransitions.responses['200'].example.transitions[0]!.to, name } } };
}

/** Runs a `jira.*` action as the engine does: input parsed by its schema, a live signal, silent tools. */
export async function runJira(config: JiraConfig, name: string, input: unknown, signal: AbortSignal = new AbortController().signal) {
  const action = createJiraIntegration(config).actions.find((candidate) => candidate.name === name);
  if (!action) throw new Error(`no action ${name}`);
  const ctx: ActionContext = { runId: 'run-1', workflow: 'test', stepId: 'step', attempt: 1 };
  const silent = () => undefined;
  const tools: ActionTools = { signal, log: { debug: silent, info: silent, warn: silent, error: silent }, emit: silent };
  return action.run(ctx, action.input.parse(input), tools);
}
