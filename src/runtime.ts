import { fileURLToPath } from 'node:url';
import { ActionRegistry } from './engine/action.js';
import { Engine } from './engine/engine.js';
import { EventBus } from './engine/event-bus.js';
import { builtinTriggerKinds, TriggerKindRegistry } from './engine/trigger-kind.js';
import { loadWorkflowDir } from './engine/loader/index.js';
import type { WorkflowProblem } from './engine/loader/index.js';
import type { Workflow } from './engine/workflow.js';
import type { Config } from './config/schema.js';
import { credentials } from './config/credentials.js';
import { createLogger, type Logger } from './logger.js';
import { builtinActions } from './actions/builtin.js';
import { AnalysisThread } from './actions/analysis/analysis-thread.js';
import { createLlmActions } from './actions/llm/index.js';
import type { LlmBridge } from './llm/bridge.js';
import { createLlmBridge } from './llm/create-bridge.js';
import { MemoryQueue } from './queue/memory-queue.js';
import { BullmqQueue } from './queue/bullmq-queue.js';
import { RedisEventRelay } from './events/redis-event-relay.js';
import { relayEvents } from './engine/relay-events.js';
import type { RunQueue } from './engine/ports/run-queue.js';
import { createRunStore } from './store/create-run-store.js';
import { feedbackStoreFor } from './store/create-feedback-store.js';
import { createFeedbackActions } from './actions/feedback/index.js';
import type { RunStore } from './engine/ports/run-store.js';
import { createGithubIntegration, type GithubIntegration } from './integrations/github/index.js';
import type { GithubClients } from './integrations/github/actions/index.js';
import type { ProbotOctokit } from 'probot';
import { createIntegrations } from './integrations/index.js';
import type { Integration } from './integrations/integration.js';
import { unconfiguredListeners } from './integrations/unconfigured-listeners.js';
import { createEngineJobService } from './api/engine-job-service.js';
import { createJobCallbacks, type JobCallbacks } from './api/job-callbacks.js';
import type { JobService } from './api/job-service.js';
import { systemClock } from './engine/clock.js';

/** The workflows that ship with agentic-sdlc (`workflows/` at the package root). */
export const BUILTIN_WORKFLOWS_DIR = fileURLToPath(new URL('../workflows/', import.meta.url));

export interface Runtime {
  config: Config;
  logger: Logger;
  bus: EventBus;
  store: RunStore;
  queue: RunQueue;
  actions: ActionRegistry;
  /** What a workflow's `on:` may name: the engine's kinds, GitHub's, and those whose integration is coming. */
  triggers: TriggerKindRegistry;
  engine: Engine;
  workflows: Map<string, Workflow>;
  /** Problems in workflow files that were skipped while loading. */
  workflowProblems: WorkflowProblem[];
  /** The user's workflows that listen for an integration that is not configured (`on.slack` without Slack); `serve` says so. */
  workflowWarnings: string[];
  /** Every integration, GitHub first: the server mounts their routes and starts them, `close` closes them. */
  integrations: Integration[];
  /** The GitHub App: Probot, the `github.*` actions and the webhook app function. */
  github: GithubIntegration;
  /** Model calls for the `llm.*` actions; `llm.available` is false without a configured provider. */
  llm: LlmBridge;
  /** Jobs for the REST API: the engine's runs, their events numbered per run, callbacks when they end. */
  jobs: JobService;
  /** `webhook_url`: checked at submit, called when the job ends (`api.callbacks`). */
  callbacks: JobCallbacks;
  /**
   * Starts executing runs in this process: takes them from the queue, resumes those no process executes any
   * more (an earlier process's, or a dead worker's), and keeps sweeping for such runs while it works.
   */
  startWorker(): Promise<void>;
  /**
   * Stops the engine, then closes the store, the LLM cache and the analysis worker. With `graceMs`, runs
   * still going after that long are left to resume on the next start rather than waited for.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Extra actions (tests, plugins later). */
  actions?: ActionRegistry;
  /** Octokit class for the GitHub App (tests turn retry and throttling off). */
  githubOctokit?: typeof ProbotOctokit;
  /** Clients for the `github.*` actions instead of the App's: `agentic-sdlc action` passes the job token's. */
  githubClients?: GithubClients;
  /** Transport for the LLM SDKs (tests inject one; production uses the global fetch). */
  llmFetch?: typeof fetch;
  /**
   * Analyze large diffs in a worker thread (default on), so a run never holds the thread that answers
   * webhooks. The one-shot CLI commands turn it off: nothing else waits on their thread, and starting a
   * worker costs more than it saves.
   */
  analysisThread?: boolean;
}

/**
 * The composition root: builds the store, queue, actions and engine from the configuration. Everything
 * else receives what it needs from here; nothing below reads `process.env`.
 */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.log.level);
  const bus = new EventBus();
  const store = await createRunStore(config, { logger });
  // Distributed mode: one queue on Redis for every process, and their engines' events joined.
  const queue: RunQueue = config.redisUrl
    ? new BullmqQueue({ url: config.redisUrl, concurrency: config.engine.concurrency, prefix: config.redisPrefix, lockMs: config.engine.leaseMs })
    : new MemoryQueue(config.engine.concurrency);
  const relay = config.redisUrl ? new RedisEventRelay({ url: config.redisUrl, prefix: config.redisPrefix, logger: logger.child({ component: 'events' }) }) : undefined;
  const actions = options.actions ?? new ActionRegistry();
  const analysisThread = options.analysisThread === false ? undefined : new AnalysisThread();
  actions.register(...builtinActions({ analyzer: config.analyzer, allowHosts: config.api.callbacks.allowHosts, ...(analysisThread ? { analysisThread } : {}) }));
  // With REDIS_URL, the budget ledger (and by default the response cache) is shared by every process.
  const llm = createLlmBridge(config.llm, {
    stateDb: config.db,
    secrets: config.secrets,
    ...(config.redisUrl ? { redisUrl: config.redisUrl, redisKeyPrefix: `${config.redisPrefix}:llm-spend:` } : {}),
    ...(options.llmFetch ? { fetch: options.llmFetch } : {}),
  });
  actions.register(...createLlmActions({ llm }));
  // Review feedback (learned instructions, rejected findings) lives beside the runs, on the same connection.
  const feedback = feedbackStoreFor(store);
  actions.register(...createFeedbackActions({ feedback, knownSecrets: Object.values(config.secrets) }));
  // Filled once the integrations exist (they need the engine); the engine reads it when a run starts.
  const configured: Record<string, boolean> = {};
  const engine = new Engine({
    integrations: configured,
    store,
    queue,
    actions,
    bus,
    secrets: config.secrets,
    masked: credentials(config),
    maxParallelSteps: config.engine.maxParallelSteps,
    leaseMs: config.engine.leaseMs,
  });
  // Joined before any run starts or request is answered; unreachable, the process stops here, having opened nothing.
  const stopRelay = relay
    ? await relayEvents(bus, relay).catch(async (error: unknown) => {
        await Promise.all([relay.close(), queue.close(), store.close()]).catch(() => undefined);
        throw error;
      })
    : undefined;
  const workflows = new Map<string, Workflow>();
  // Built before any run starts, so the event log numbers every run's events from the first.
  const callbacks = createJobCallbacks(config.api.callbacks, { clock: systemClock, logger });
  const jobs = createEngineJobService({ engine, store, bus, workflows: () => workflows, deliverCallback: (url, job) => callbacks.deliver(url, job) });
  // What events may start: every loaded workflow but the built-in ones of an unconfigured integration (jira-sync
  // without Jira). Read at the time of each event, since workflows load after the integrations register.
  const dormant = new Set<string>();
  const listening = () => [...workflows.values()].filter((workflow) => !(dormant.has(workflow.name) && workflow.file?.startsWith(BUILTIN_WORKFLOWS_DIR)));
  // Registered before workflows load, so `uses: github.*` validates; the dispatcher reads `workflows` at run time.
  const github = createGithubIntegration(config, {
    logger,
    engine,
    store,
    feedback,
    workflows: listening,
    ...(options.githubOctokit ? { Octokit: options.githubOctokit } : {}),
    ...(options.githubClients ? { clients: options.githubClients } : {}),
  });
  const integrations: Integration[] = [github, ...createIntegrations(config, { logger, engine, store, bus, workflows: listening, github })];
  const triggers = new TriggerKindRegistry();
  for (const integration of integrations) {
    configured[integration.name] = integration.configured;
    if (!integration.configured) for (const name of integration.builtinWorkflows ?? []) dormant.add(name);
    actions.register(...integration.actions);
    triggers.register(...integration.triggerKinds);
  }
  triggers.register(...builtinTriggerKinds());
  bus.on('log', ({ level, message, runId, stepId, data }) => logger[level]({ runId, stepId, ...data }, message));
  // A run's error only says which step failed; the step's own error (the call that failed, and why) is here.
  // This process's runs only: another process logs its own (relayed events are `remote`).
  bus.on('step.failed', ({ runId, stepId, attempt, error, willRetry }, meta) => {
    if (!meta.remote) logger.warn({ runId, stepId, attempt, willRetry, error }, willRetry ? 'step failed, retrying' : 'step failed');
  });
  bus.on('run.completed', ({ runId, workflow, status, error, durationMs }, meta) => {
    if (!meta.remote) logger.info({ runId, workflow, status, error, durationMs }, 'run completed');
  });

  const workflowProblems: WorkflowProblem[] = [];
  for (const dir of [BUILTIN_WORKFLOWS_DIR, ...config.workflows.dirs]) {
    const loaded = await loadWorkflowDir(dir, { actions, triggers });
    for (const workflow of loaded.workflows) workflows.set(workflow.name, workflow);
    workflowProblems.push(...loaded.problems);
  }
  for (const problem of workflowProblems) {
    logger.warn(`${problem.file}:${problem.line}:${problem.col}: ${problem.message} (workflow skipped)`);
  }
  // The built-in workflows listen for every vendor; only a user's own `on.slack` without Slack is worth a word.
  const own = [...workflows.values()].filter((workflow) => !workflow.file?.startsWith(BUILTIN_WORKFLOWS_DIR));
  const workflowWarnings = unconfiguredListeners(own, integrations);

  let workerStarted = false;
  return {
    config,
    logger,
    bus,
    store,
    queue,
    actions,
    triggers,
    engine,
    workflows,
    workflowProblems,
    workflowWarnings,
    integrations,
    github,
    llm,
    jobs,
    callbacks,
    async startWorker() {
      if (workerStarted) return;
      workerStarted = true;
      engine.start();
      const recovered = await engine.recover();
      if (recovered.length) logger.info({ runs: recovered.length }, 'recovered unfinished runs');
    },
    async close(options = {}) {
      const handedBack = await engine.close(options);
      // After the engine: a run that ends during the grace period still gets its callback.
      jobs.close();
      if (handedBack.length) {
        logger.warn(
          { runs: handedBack },
          `handed back for resume: ${handedBack.length} run(s) still in flight at shutdown are now interrupted; they resume on the next start (or agentic-sdlc runs resume)`,
        );
      }
      for (const integration of integrations) await integration.close?.();
      stopRelay?.();
      await relay?.close();
      await store.close();
      await llm.close();
      await analysisThread?.close();
    },
  };
}
