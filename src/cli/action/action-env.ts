import { SEVERITIES, type Severity } from '../../analysis/finding.js';
import { CliError } from '../cli-error.js';

/**
 * What `agentic-sdlc action` reads of the environment GitHub Actions gives a step: the `GITHUB_*` variables
 * and the action's inputs as `INPUT_<NAME>` (upper-cased, dashes kept: `INPUT_FAIL-ON`). Checked in one place,
 * so a missing variable is named with its fix before anything runs.
 */

/** The inputs of `action.yml`, in its order; a test holds the two lists equal. */
export const ACTION_INPUTS = ['workflow', 'fail-on', 'github-token', 'openai-api-key', 'anthropic-api-key', 'model', 'config'] as const;
export type ActionInput = (typeof ACTION_INPUTS)[number];

/** `fail-on`: the review gate's severities (`agentic-sdlc review --fail-on`), or `never`. */
export const FAIL_ON_CHOICES = [...SEVERITIES, 'never'] as const;
export type FailOn = Severity | 'never';

export interface ActionEnv {
  eventName: string;
  eventPath: string;
  /** `owner/name` of the repository the job runs for. */
  repository: string;
  /** REST API root: `https://api.github.com`, or GHES's `https://<host>/api/v3`. */
  apiUrl: string;
  token: string;
  /** `<run id>-<attempt>` of the job, to tell its run apart (the GitHub steps run only for a delivery). */
  jobRun: string;
  workflow: string;
  failOn: FailOn;
  model?: string;
  config?: string;
  openaiApiKey?: string;
  anthropicApiKey?: string;
  outputFile?: string;
  summaryFile?: string;
  runnerTemp?: string;
}

/** An input's value: `INPUT_FAIL-ON` (as the runner sets it), or `INPUT_FAIL_ON` (as a shell can); blank is unset. */
export function actionInput(env: NodeJS.ProcessEnv, name: ActionInput): string | undefined {
  const upper = name.toUpperCase();
  const value = env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, '_')}`];
  return value?.trim() ? value.trim() : undefined;
}

export function readActionEnv(env: NodeJS.ProcessEnv): ActionEnv {
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (value) return value;
    throw new CliError(`${name} is not set: agentic-sdlc action runs as a step of a GitHub Actions job (uses: <owner>/agentic-sdlc@v1, see docs/github-action.md); outside one, use agentic-sdlc review`);
  };
  const [eventName, eventPath, repository] = [required('GITHUB_EVENT_NAME'), required('GITHUB_EVENT_PATH'), required('GITHUB_REPOSITORY')];
  const token = actionInput(env, 'github-token') ?? env.GITHUB_TOKEN?.trim();
  if (!token) throw new CliError('no GitHub token: the input github-token (default ${{ github.token }}) or GITHUB_TOKEN must be set');
  const failOn = (actionInput(env, 'fail-on') ?? 'error').toLowerCase();
  if (!(FAIL_ON_CHOICES as readonly string[]).includes(failOn)) {
    throw new CliError(`input fail-on: '${failOn}' is not one of ${FAIL_ON_CHOICES.join(', ')}`);
  }
  const optional = (value: string | undefined, key: keyof ActionEnv) => (value ? { [key]: value } : {});
  return {
    eventName,
    eventPath,
    repository,
    apiUrl: (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, ''),
    token,
    jobRun: `${env.GITHUB_RUN_ID?.trim() || Date.now()}-${env.GITHUB_RUN_ATTEMPT?.trim() || 1}`,
    workflow: actionInput(env, 'workflow') ?? 'review',
    failOn: failOn as FailOn,
    ...optional(actionInput(env, 'model'), 'model'),
    ...optional(actionInput(env, 'config'), 'config'),
    ...optional(actionInput(env, 'openai-api-key'), 'openaiApiKey'),
    ...optional(actionInput(env, 'anthropic-api-key'), 'anthropicApiKey'),
    ...optional(env.GITHUB_OUTPUT?.trim(), 'outputFile'),
    ...optional(env.GITHUB_STEP_SUMMARY?.trim(), 'summaryFile'),
    ...optional(env.RUNNER_TEMP?.trim(), 'runnerTemp'),
  };
}
