import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../config/load-config.js';
import { configSchema } from '../../config/schema.js';
import type { GithubClients } from '../../integrations/github/actions/index.js';
import { createLogger } from '../../logger.js';
import { createRuntime, type Runtime } from '../../runtime.js';
import type { GlobalOptions } from '../context.js';
import { stderrLine } from '../status-line.js';
import type { ActionEnv } from './action-env.js';
import { tokenGithubClients } from './token-clients.js';

export interface ActionRuntime {
  runtime: Runtime;
  /** The job token's clients, which the runtime's `github.*` actions use too. */
  clients: GithubClients;
}

/**
 * The runtime of one `agentic-sdlc action` step: the configuration as every command reads it (the `config`
 * input choosing the file), the LLM keys of the inputs on top, and the `github.*` actions on the job's token.
 * The state goes to the runner's temporary folder, not into the checked-out repository, unless --db,
 * AGENTIC_SDLC_DB or the configuration file says where. Logs: warnings, or everything when the job re-runs
 * with debug logging (RUNNER_DEBUG=1) or --verbose.
 */
export async function openActionRuntime(globals: GlobalOptions, env: ActionEnv, processEnv: NodeJS.ProcessEnv): Promise<ActionRuntime> {
  const file = env.config ?? globals.config;
  const config = loadConfig({
    ...(file ? { file } : {}),
    overrides: [
      { path: ['db'], value: globals.db },
      { path: ['llm', 'providers', 'openai', 'apiKey'], value: env.openaiApiKey },
      { path: ['llm', 'providers', 'anthropic', 'apiKey'], value: env.anthropicApiKey },
      { path: ['llm', 'model'], value: env.model },
    ],
  });
  const defaultDb = configSchema.parse({}).db;
  const db = !globals.db && !processEnv.AGENTIC_SDLC_DB && config.db === defaultDb ? join(env.runnerTemp ?? tmpdir(), 'agentic-sdlc', 'state.db') : config.db;
  const level = globals.verbose || processEnv.RUNNER_DEBUG === '1' ? 'debug' : 'warn';
  const logger = createLogger(level, stderrLine);
  const clients = tokenGithubClients({ token: env.token, baseUrl: env.apiUrl, log: logger });
  const runtime = await createRuntime({ ...config, db, log: { level } }, { logger, analysisThread: false, githubClients: clients });
  return { runtime, clients };
}
