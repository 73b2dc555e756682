import { readFileSync } from 'node:fs';
// Probot is imported when first used: CLI commands that never touch GitHub do not load it.
import type { ApplicationFunction, Probot, ProbotOctokit } from 'probot';
import type { Logger } from 'pino';
import { createGithubActions, type GithubClients, type RunControl } from './actions/index.js';
import { unconfiguredGithub } from './rest/clients.js';
import { githubCallLogging } from './rest/github-call.js';
import type { Config } from '../../config/schema.js';
import type { FeedbackStore } from '../../engine/ports/feedback-store.js';
import type { BodyLimits } from '../../server/read-body.js';
import type { Integration, IntegrationDeps } from '../integration.js';
import { ingestDelivery, type IngestDeps, type IngestResult } from './webhook/ingest-delivery.js';
import { githubWebhookHandler } from './webhook/github-webhook.js';
import { webhookApp } from './webhook/webhook-app.js';
import { githubTriggerKind } from './trigger-kind.js';

/**
 * `configured` is false when APP_ID / PRIVATE_KEY are missing and no `clients` are given: actions fail with the fix,
 * `serve` starts the setup flow.
 */
export interface GithubIntegration extends Integration {
  /** The Probot instance (created on first use). Rejects when not configured. */
  probot(): Promise<Probot>;
  /**
   * Whether the App is installed on `owner/repo` (cached): what other vendors check before a user of theirs
   * may name a repository (a Slack user never reaches one the App cannot see). False when not configured.
   */
  installedOn(repo: string): Promise<boolean>;
  /** Records one verified delivery as a run (or ignores it); what the webhook route awaits before answering. */
  receive(name: string, deliveryId: string, payload: object): Promise<IngestResult>;
  /** The same, as a Probot app function (for `probot.receive`). */
  app: ApplicationFunction;
  /** Where `routes()` mounts the webhook route (it verifies, records with `receive`, and answers). */
  webhookPath: string;
}

export interface GithubIntegrationDeps extends Omit<IntegrationDeps, 'bus'> {
  /** Tests pass `ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } })`. */
  Octokit?: typeof ProbotOctokit;
  /**
   * Clients the `github.*` actions use instead of the App's installation clients: `agentic-sdlc action`
   * passes one authenticated by the job's GITHUB_TOKEN. The App (webhooks, setup) stays as configured.
   */
  clients?: GithubClients;
  /** Review feedback per repository (the `github.review-feedback` and `github.thread-resolved` actions). */
  feedback: FeedbackStore;
}

/** How many of a PR's or issue's runs, newest first, `/sdlc rerun`, `/sdlc cancel` and the config-error check see. */
const RUNS_PER_ITEM = 1_000;

/**
 * Builds the GitHub side from the configuration: the Probot app (webhook verification, installation tokens,
 * Octokit with retry and throttling), the clients the `github.*` actions use, and the app function that
 * turns deliveries into runs. Called by the composition root only.
 */
export function createGithubIntegration(config: Config, deps: GithubIntegrationDeps): GithubIntegration {
  const settings = config.github;
  const privateKey = readPrivateKey(settings);
  const configured = settings.appId !== undefined && privateKey !== undefined;
  let probot: Promise<Probot> | undefined;
  const getProbot = (): Promise<Probot> => {
    if (!configured) return Promise.reject(new Error('the GitHub App is not configured: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)'));
    probot ??= import('probot').then(({ Probot, ProbotOctokit }) => new Probot({
      appId: settings.appId,
      privateKey,
      secret: settings.webhookSecret,
      // Probot names its own child loggers (`probot`, `event`).
      log: deps.logger,
      ...(settings.gheHost ? { baseUrl: `${settings.gheProtocol}://${settings.gheHost}/api/v3` } : {}),
      // Every retry of a call is logged, and a call's final error names it (method and route).
      Octokit: (deps.Octokit ?? ProbotOctokit).plugin(githubCallLogging),
    }));
    return probot;
  };
  // Payloads without `installation` (some `issues`/`issue_comment` deliveries): one lookup per repository.
  const installations = new Map<string, number>();
  const appClients: GithubClients = configured
    ? {
        octokitFor: async (installationId) => (await getProbot()).auth(installationId),
        async installationFor(owner, repo) {
          const key = `${owner}/${repo}`.toLowerCase();
          const known = installations.get(key);
          if (known !== undefined) return known;
          const app = await (await getProbot()).auth();
          const { data } = await app.rest.apps.getRepoInstallation({ owner, repo });
          if (installations.size >= 10_000) installations.clear();
          installations.set(key, data.id);
          return data.id;
        },
      }
    : unconfiguredGithub;
  const clients = deps.clients ?? appClients;
  const runs: RunControl = {
    submit: (workflow, request) => deps.engine.submit(workflow, request),
    cancel: (runId, reason) => deps.engine.cancel(runId, reason),
    getRun: (id) => deps.store.getRun(id),
    runsFor: (repo, number, filter = {}) => deps.store.listRuns({ ...filter, repo, number, limit: RUNS_PER_ITEM }),
  };
  const ingest: IngestDeps = {
    submit: (workflow, request) => deps.engine.submit(workflow, request),
    getRun: (id) => deps.store.getRun(id),
    workflows: deps.workflows,
    appId: settings.appId,
    log: deps.logger.child({ component: 'github' }),
  };
  const receive = (name: string, deliveryId: string, payload: object) => ingestDelivery(ingest, name, deliveryId, payload);
  // Throws when the App is configured without WEBHOOK_SECRET: deliveries could not be verified.
  const webhookRoute = ({ limits, log }: { limits: BodyLimits; log: Logger }) => {
    const secret = settings.webhookSecret;
    if (!secret) throw new Error('WEBHOOK_SECRET is not set: webhooks cannot be verified without it (use the secret from the GitHub App settings)');
    return { path: settings.webhookPath, handler: githubWebhookHandler({ secret, limits, receive, log }) };
  };
  const installedOn = async (repo: string): Promise<boolean> => {
    const [owner, name, ...rest] = repo.split('/');
    if (!configured || !owner || !name || rest.length) return false;
    try {
      await clients.installationFor(owner, name);
      return true;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false;
      throw error;
    }
  };
  return {
    name: 'github',
    installedOn,
    // With clients of its own (a job token) GitHub is reachable, so `integrations.github` is true.
    configured: configured || deps.clients !== undefined,
    setupHint: 'set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET, or run agentic-sdlc serve and create the App from its setup page',
    actions: createGithubActions({
      clients,
      runs,
      workflows: deps.workflows,
      appId: settings.appId,
      repoConfigFile: settings.repoConfigFile,
      commandPrefix: settings.commandPrefix,
      feedback: deps.feedback,
    }),
    triggerKinds: [githubTriggerKind],
    probot: getProbot,
    receive,
    app: webhookApp(ingest),
    webhookPath: settings.webhookPath,
    // Without the App, `serve` mounts its setup pages instead.
    routes: (options) => (configured ? [webhookRoute(options)] : []),
  };
}

/**
 * The App's key as Probot accepts it: PEM text, PEM with `\n` escapes (one-line environment variables), or
 * base64 of the PEM; otherwise read from `privateKeyPath`.
 */
export function readPrivateKey(settings: Config['github']): string | undefined {
  const raw = settings.privateKey ?? (settings.privateKeyPath ? readFileSync(settings.privateKeyPath, 'utf8') : undefined);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text.includes('-----BEGIN')) return text.replace(/\\n/g, '\n');
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  if (decoded.includes('-----BEGIN')) return decoded;
  throw new Error('PRIVATE_KEY is not a PEM private key (nor base64 of one)');
}
