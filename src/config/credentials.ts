import type { Config } from './schema.js';

/** Every credential in the configuration, for the engine to mask wherever a run lets text out. */
export function credentials(config: Config): string[] {
  const { github, slack, jira, jenkins, llm, api } = config;
  const values = [
    api.bootstrapToken,
    api.callbacks.secret,
    // Connection URLs may carry a password.
    passwordOf(config.databaseUrl),
    passwordOf(config.redisUrl),
    github.privateKey,
    github.webhookSecret,
    slack.signingSecret,
    slack.botToken,
    slack.appToken,
    jira.apiToken,
    jira.personalAccessToken,
    jenkins.webhookToken,
    jenkins.apiToken,
    llm.providers.openai?.apiKey,
    llm.providers.anthropic?.apiKey,
    llm.providers.ollama?.apiKey,
  ];
  return values.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
