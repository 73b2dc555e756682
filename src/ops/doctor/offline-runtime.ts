import { readPrivateKey } from '../../integrations/github/index.js';
import type { Config } from '../../config/schema.js';
import { createLogger } from '../../logger.js';
import { createRuntime, type Runtime } from '../../runtime.js';

/**
 * The runtime as `serve` composes it (actions, trigger kinds, workflows, the GitHub App's Probot), but with
 * nothing to reach: state in memory, no Redis, no PostgreSQL, no LLM cache, and silent. Redis and PostgreSQL
 * have checks of their own, so one being down does not also fail the workflows. A private key that does not
 * parse is left out here: the GitHub check reports it, and the workflows still load without it.
 */
export function offlineRuntime(config: Config): Promise<Runtime> {
  const { databaseUrl: _databaseUrl, redisUrl: _redisUrl, ...rest } = config;
  const github = keyParses(config.github) ? config.github : { ...config.github, privateKey: undefined, privateKeyPath: undefined };
  const llm = { ...config.llm, cache: { ...config.llm.cache, backend: 'off' as const } };
  return createRuntime({ ...rest, db: ':memory:', github, llm }, { logger: createLogger('silent'), analysisThread: false });
}

function keyParses(settings: Config['github']): boolean {
  try {
    readPrivateKey(settings);
    return true;
  } catch {
    return false;
  }
}
