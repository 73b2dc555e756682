import { credentials } from '../../config/credentials.js';
import type { Config } from '../../config/schema.js';
import { SecretMasker } from '../../engine/secret-masker.js';
import type { Runtime } from '../../runtime.js';
import { fail, reasonOf, type Check, type CheckLine, type DoctorContext } from './check.js';
import { githubCheck } from './github-check.js';
import { jenkinsCheck } from './jenkins-check.js';
import { jiraCheck } from './jira-check.js';
import { llmCheck } from './llm-check.js';
import { offlineRuntime } from './offline-runtime.js';
import { postgresCheck } from './postgres-check.js';
import { redisCheck } from './redis-check.js';
import { slackCheck } from './slack-check.js';
import { stateDirCheck } from './state-dir-check.js';
import { workflowsCheck } from './workflows-check.js';

/** In the order they are printed. */
const CHECKS: [string, Check][] = [
  ['workflows', workflowsCheck],
  ['GitHub App', githubCheck],
  ['Slack', slackCheck],
  ['Jira', jiraCheck],
  ['Jenkins', jenkinsCheck],
  ['LLM', llmCheck],
  ['Redis', redisCheck],
  ['PostgreSQL', postgresCheck],
  ['state directory', stateDirCheck],
];

export interface DoctorOptions {
  network: boolean;
  online: boolean;
  timeoutMs: number;
}

/**
 * Runs every check at once (each network call bounded by `timeoutMs`) and returns their lines in a fixed order.
 * A check that throws becomes a failed line rather than ending the others. Every line passes through the
 * masker of the configuration's credentials on the way out: whatever a service echoed, no secret is printed.
 */
export async function runDoctor(config: Config, options: DoctorOptions): Promise<CheckLine[]> {
  let runtime: Promise<Runtime> | undefined;
  const context: DoctorContext = { config, ...options, runtime: () => (runtime ??= offlineRuntime(config)) };
  try {
    const results = await Promise.all(CHECKS.map(([name, check]) => check(context).catch((error: unknown) => [fail(name, `the check failed: ${reasonOf(error)}`)])));
    return masked(config).maskDeep(results.flat());
  } finally {
    if (runtime) await runtime.then((built) => built.close()).catch(() => undefined);
  }
}

/** The credentials, and the `user:token` pairs sent as Basic authentication, which a service could echo encoded. */
export function masked(config: Config): SecretMasker {
  const { jira, jenkins } = config;
  const pairs = [jira.email && jira.apiToken && `${jira.email}:${jira.apiToken}`, jenkins.user && jenkins.apiToken && `${jenkins.user}:${jenkins.apiToken}`];
  return new SecretMasker([...credentials(config), ...Object.values(config.secrets), ...pairs.filter((pair): pair is string => !!pair)]);
}
