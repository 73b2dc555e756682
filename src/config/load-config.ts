import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { LineCounter, parseDocument } from 'yaml';
import { SourcePositions } from '../engine/loader/positions.js';
import { configSchema, type Config } from './schema.js';
import { readFileVariant } from './env-file-variants.js';

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    /** Which file was read and how to pick another, when the problems are in a file. */
    readonly hint?: string,
  ) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}${hint ? `\n${hint}` : ''}`);
    this.name = 'ConfigError';
  }
}

/**
 * Files read from the working directory when neither `--config` nor `AGENTIC_SDLC_CONFIG` names one. The name
 * is ours: a `config.yaml` there usually belongs to something else, and reading it broke every command.
 */
export const DEFAULT_CONFIG_FILES = ['agentic-sdlc.yaml', 'agentic-sdlc.yml'] as const;

/**
 * Environment variables and the config key each one sets. `number` ones are parsed before validation. Those
 * setting a credential (credentials.ts) also have a `<NAME>_FILE` variant (env-file-variants.ts).
 */
export const ENV_KEYS: { env: string; path: string[]; type?: 'number' | 'list' }[] = [
  { env: 'AGENTIC_SDLC_DB', path: ['db'] },
  { env: 'DATABASE_URL', path: ['databaseUrl'] },
  { env: 'REDIS_URL', path: ['redisUrl'] },
  { env: 'AGENTIC_SDLC_REDIS_PREFIX', path: ['redisPrefix'] },
  { env: 'AGENTIC_SDLC_API_TOKEN', path: ['api', 'bootstrapToken'] },
  { env: 'AGENTIC_SDLC_API_RATE_LIMIT', path: ['api', 'rateLimitPerMinute'], type: 'number' },
  { env: 'AGENTIC_SDLC_CALLBACK_SECRET', path: ['api', 'callbacks', 'secret'] },
  { env: 'AGENTIC_SDLC_CALLBACK_ALLOW_HOSTS', path: ['api', 'callbacks', 'allowHosts'], type: 'list' },
  { env: 'AGENTIC_SDLC_LOG_LEVEL', path: ['log', 'level'] },
  { env: 'LOG_LEVEL', path: ['log', 'level'] },
  { env: 'AGENTIC_SDLC_CONCURRENCY', path: ['engine', 'concurrency'], type: 'number' },
  { env: 'AGENTIC_SDLC_MAX_PARALLEL_STEPS', path: ['engine', 'maxParallelSteps'], type: 'number' },
  { env: 'AGENTIC_SDLC_LEASE_MS', path: ['engine', 'leaseMs'], type: 'number' },
  // Probot's own variable names, so an existing Probot deployment's environment works unchanged.
  { env: 'APP_ID', path: ['github', 'appId'], type: 'number' },
  { env: 'PRIVATE_KEY', path: ['github', 'privateKey'] },
  { env: 'PRIVATE_KEY_PATH', path: ['github', 'privateKeyPath'] },
  { env: 'WEBHOOK_SECRET', path: ['github', 'webhookSecret'] },
  { env: 'WEBHOOK_PATH', path: ['github', 'webhookPath'] },
  { env: 'GHE_HOST', path: ['github', 'gheHost'] },
  { env: 'GHE_PROTOCOL', path: ['github', 'gheProtocol'] },
  { env: 'PORT', path: ['server', 'port'], type: 'number' },
  { env: 'HOST', path: ['server', 'host'] },
  { env: 'AGENTIC_SDLC_MAX_BODY_BYTES', path: ['server', 'maxBodyBytes'], type: 'number' },
  { env: 'AGENTIC_SDLC_BODY_TIMEOUT_MS', path: ['server', 'bodyTimeoutMs'], type: 'number' },
  { env: 'AGENTIC_SDLC_SHUTDOWN_GRACE_MS', path: ['server', 'shutdownGraceMs'], type: 'number' },
  // Slack, Jira and Jenkins under the names their own tools use.
  { env: 'SLACK_SIGNING_SECRET', path: ['slack', 'signingSecret'] },
  { env: 'SLACK_BOT_TOKEN', path: ['slack', 'botToken'] },
  { env: 'SLACK_APP_TOKEN', path: ['slack', 'appToken'] },
  { env: 'SLACK_API_URL', path: ['slack', 'apiUrl'] },
  { env: 'SLACK_CHANNEL', path: ['slack', 'channel'] },
  { env: 'JIRA_HOST', path: ['jira', 'host'] },
  { env: 'JIRA_EMAIL', path: ['jira', 'email'] },
  { env: 'JIRA_API_TOKEN', path: ['jira', 'apiToken'] },
  { env: 'JIRA_PAT', path: ['jira', 'personalAccessToken'] },
  { env: 'JIRA_PROJECT_KEYS', path: ['jira', 'projectKeys'], type: 'list' },
  { env: 'JENKINS_WEBHOOK_TOKEN', path: ['jenkins', 'webhookToken'] },
  { env: 'JENKINS_URL', path: ['jenkins', 'url'] },
  { env: 'JENKINS_USER', path: ['jenkins', 'user'] },
  { env: 'JENKINS_API_TOKEN', path: ['jenkins', 'apiToken'] },
  // LLM providers under the SDKs' usual names; see src/llm/config.ts.
  { env: 'AGENTIC_SDLC_MODEL', path: ['llm', 'model'] },
  { env: 'OPENAI_API_KEY', path: ['llm', 'providers', 'openai', 'apiKey'] },
  { env: 'OPENAI_BASE_URL', path: ['llm', 'providers', 'openai', 'baseURL'] },
  { env: 'ANTHROPIC_API_KEY', path: ['llm', 'providers', 'anthropic', 'apiKey'] },
  { env: 'ANTHROPIC_BASE_URL', path: ['llm', 'providers', 'anthropic', 'baseURL'] },
  { env: 'OLLAMA_BASE_URL', path: ['llm', 'providers', 'ollama', 'baseURL'] },
  { env: 'AGENTIC_SDLC_LLM_CACHE', path: ['llm', 'cache', 'backend'] },
  { env: 'AGENTIC_SDLC_LLM_CACHE_URL', path: ['llm', 'cache', 'url'] },
  { env: 'AGENTIC_SDLC_LLM_RUN_BUDGET_USD', path: ['llm', 'budget', 'perRunUsd'], type: 'number' },
  { env: 'AGENTIC_SDLC_LLM_REPO_MONTHLY_BUDGET_USD', path: ['llm', 'budget', 'perRepoMonthlyUsd'], type: 'number' },
];
const SECRET_PREFIX = 'AGENTIC_SDLC_SECRET_';

export interface LoadConfigOptions {
  cwd?: string;
  /** Explicit config file (`--config`); otherwise `AGENTIC_SDLC_CONFIG`, then `./agentic-sdlc.yaml` (or `.yml`) if present. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from the command line (`--db`), which win over everything else. */
  overrides?: { path: string[]; value: unknown }[];
}

/**
 * Reads `.env`, `agentic-sdlc.yaml` and the environment into one validated object. Precedence, lowest first:
 * the file, .env, the process environment, command-line flags. Every problem is reported with where it came
 * from: `agentic-sdlc.yaml:4:16: engine.concurrency: ...` or `AGENTIC_SDLC_CONCURRENCY (engine.concurrency): ...`,
 * and problems in the file say how it was chosen and how to choose another (`--config`).
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  return loadConfigDetailed(options).config;
}

/** The configuration and where its values came from (`agentic-sdlc config show`). */
export interface LoadedConfig {
  config: Config;
  /** Dotted key → what set it: a variable (`APP_ID`, `PRIVATE_KEY_FILE`) or a flag (`--db`). Other keys come from the file or defaults. */
  origins: ReadonlyMap<string, string>;
  /** Variables read from `.env` rather than the process environment. */
  fromDotEnv: ReadonlySet<string>;
  /** The configuration file read: its name as given, how it was chosen, its content and the positions in it. */
  file?: { name: string; by: string; content: Record<string, unknown>; positions: SourcePositions };
}

/** `loadConfig`, also telling where each value came from. */
export function loadConfigDetailed(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const dotEnv = readDotEnv(cwd);
  const processEnv = options.env ?? process.env;
  const env: Record<string, string | undefined> = { ...dotEnv, ...processEnv };
  const raw: Record<string, unknown> = {};
  const origins = new Map<string, string>();

  const chosen = chooseFile(cwd, options.file, env.AGENTIC_SDLC_CONFIG);
  const file = chosen?.file;
  const hint = chosen && fileHint(chosen);
  let positions: SourcePositions | undefined;
  let fileContent: Record<string, unknown> = {};
  if (file) {
    const path = resolve(cwd, file);
    if (!existsSync(path)) throw new ConfigError([`${file}: configuration file not found (${chosen.by})`]);
    const lineCounter = new LineCounter();
    const text = readFileSync(path, 'utf8');
    const document = parseDocument(text, { lineCounter, prettyErrors: false });
    positions = new SourcePositions(text, document, lineCounter);
    if (document.errors.length) {
      throw new ConfigError(
        document.errors.map((error) => `${file}:${error.linePos?.[0].line ?? 1}:${error.linePos?.[0].col ?? 1}: ${error.message.split('\n')[0]}`),
        hint,
      );
    }
    const content: unknown = document.toJS();
    if (content !== null && content !== undefined) {
      if (!isPlainObject(content)) throw new ConfigError([`${file}:1:1: expected a mapping of configuration keys`], hint);
      Object.assign(raw, content);
      fileContent = content;
    }
  }

  const problems: string[] = [];
  let inFile = false;
  for (const { env: name, path, type } of ENV_KEYS) {
    const variant = readFileVariant(env, name, path.join('.'), cwd);
    if (variant && 'problem' in variant) problems.push(variant.problem);
    const value = variant ? ('value' in variant ? variant.value : undefined) : env[name];
    if (value === undefined || value === '') continue;
    const parsed =
      type === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())
        ? Number(value)
        : type === 'list'
          ? value.split(',').map((item) => item.trim()).filter(Boolean)
          : value;
    setIn(raw, path, parsed);
    origins.set(path.join('.'), variant?.name ?? name);
  }
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(SECRET_PREFIX) && value) {
      const key = name.slice(SECRET_PREFIX.length);
      setIn(raw, ['secrets', key], value);
      origins.set(`secrets.${key}`, name);
    }
  }
  for (const { path, value } of options.overrides ?? []) {
    if (value === undefined) continue;
    setIn(raw, path, value);
    origins.set(path.join('.'), `--${path.at(-1)}`);
  }

  const result = configSchema.safeParse(raw);
  if (result.success && problems.length === 0) {
    const fromDotEnv = new Set(Object.keys(dotEnv).filter((name) => processEnv[name] === undefined));
    return { config: result.data, origins, fromDotEnv, ...(file && positions ? { file: { name: file, by: chosen.by, content: fileContent, positions } } : {}) };
  }
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.map(String);
    const key = path.join('.') || '(root)';
    const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
    const origin = findOrigin(origins, path);
    if (origin) {
      problems.push(`${origin} (${key}): ${message}`);
    } else if (positions && file) {
      const unknownKey = issue.code === 'unrecognized_keys';
      const { line, col } = positions.locate(unknownKey ? [...path, issue.keys[0]!] : path, unknownKey ? 'key' : 'value');
      problems.push(`${file}:${line}:${col}: ${key}: ${message}`);
      inFile = true;
    } else {
      problems.push(`${key}: ${message}`);
    }
  }
  throw new ConfigError(problems, inFile ? hint : undefined);
}

interface ChosenFile {
  file: string;
  /** How it was chosen, in the words a user typed or would type. */
  by: string;
  discovered: boolean;
}

function chooseFile(cwd: string, explicit: string | undefined, fromEnv: string | undefined): ChosenFile | undefined {
  if (explicit) return { file: explicit, by: 'from --config', discovered: false };
  if (fromEnv) return { file: fromEnv, by: 'from AGENTIC_SDLC_CONFIG', discovered: false };
  const found = DEFAULT_CONFIG_FILES.filter((name) => existsSync(resolve(cwd, name)));
  if (found.length > 1) {
    throw new ConfigError([`both ${found.join(' and ')} are in ${cwd}: keep one, or choose with --config <file>`]);
  }
  return found[0] ? { file: found[0], by: 'found in the current directory', discovered: true } : undefined;
}

function fileHint({ file, by, discovered }: ChosenFile): string {
  return discovered
    ? `(${file} was read because it is in the current directory; --config <file> or AGENTIC_SDLC_CONFIG chooses another)`
    : `(${file} is the configuration file ${by}; --config <file> chooses another)`;
}

function readDotEnv(cwd: string): Record<string, string | undefined> {
  const path = resolve(cwd, '.env');
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}

function findOrigin(origins: Map<string, string>, path: string[]): string | undefined {
  for (let i = path.length; i > 0; i--) {
    const origin = origins.get(path.slice(0, i).join('.'));
    if (origin) return origin;
  }
  return undefined;
}


function setIn(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
