import type { Config } from './schema.js';

/**
 * Every setting that holds a credential, by its key in the configuration: the one list the engine's masking,
 * the `*_FILE` variants of environment variables (load-config.ts) and `config show` all read. `url` ones are
 * connection URLs whose password is the secret (the host is not); `secrets.*` (workflow secrets) are all secret.
 */
export const SECRET_SETTINGS: readonly { key: string; kind: 'value' | 'url' }[] = [
  { key: 'api.bootstrapToken', kind: 'value' },
  { key: 'api.callbacks.secret', kind: 'value' },
  { key: 'databaseUrl', kind: 'url' },
  { key: 'redisUrl', kind: 'url' },
  { key: 'llm.cache.url', kind: 'url' },
  { key: 'github.privateKey', kind: 'value' },
  { key: 'github.webhookSecret', kind: 'value' },
  { key: 'slack.signingSecret', kind: 'value' },
  { key: 'slack.botToken', kind: 'value' },
  { key: 'slack.appToken', kind: 'value' },
  { key: 'jira.apiToken', kind: 'value' },
  { key: 'jira.personalAccessToken', kind: 'value' },
  { key: 'jenkins.webhookToken', kind: 'value' },
  { key: 'jenkins.apiToken', kind: 'value' },
  { key: 'llm.providers.openai.apiKey', kind: 'value' },
  { key: 'llm.providers.anthropic.apiKey', kind: 'value' },
  { key: 'llm.providers.ollama.apiKey', kind: 'value' },
];

/** How `key` (dotted) holds a credential, if it does. */
export function secretKind(key: string): 'value' | 'url' | undefined {
  if (key.startsWith('secrets.')) return 'value';
  return SECRET_SETTINGS.find((setting) => setting.key === key)?.kind;
}

/** Every credential in the configuration, for the engine to mask wherever a run lets text out. */
export function credentials(config: Config): string[] {
  const values = SECRET_SETTINGS.map(({ key, kind }) => {
    const value = valueAt(config, key);
    // Connection URLs may carry a password.
    return kind === 'url' ? passwordOf(value) : value;
  });
  return values.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

function valueAt(config: Config, key: string): string | undefined {
  let node: unknown = config;
  for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
