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
import type { RunQueue } from './engine/ports/run-queue.js';
import { createRunStore } from './store/create-run-store.js';
import type { RunStore } from './engine/ports/run-store.js';
import { createGithubIntegration, type GithubIntegration } from './integrations/github/index.js';
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

/** How often a process waiting to execute runs asks again whether the one that does has stopped. */
const WORKER_CLAIM_RETRY_MS = 2_000;

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
   * Starts executing runs in this process and resumes those an earlier process left. On a database several
   * processes share, while another process executes runs there, it resolves at once and takes over in the
   * background when that process stops (logged once).
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
  const queue = new MemoryQueue(config.engine.concurrency);
  const actions = options.actions ?? new ActionRegistry();
  const analysisThread = options.analysisThread === false ? undefined : new AnalysisThread();
  actions.register(...builtinActions({ analyzer: config.analyzer, allowHosts: config.api.callbacks.allowHosts, ...(analysisThread ? { analysisThread } : {}) }));
  const llm = createLlmBridge(config.llm, { stateDb: config.db, secrets: config.secrets, ...(options.llmFetch ? { fetch: options.llmFetch } : {}) });
  actions.register(...createLlmActions({ llm }));
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
  });
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
    workflows: listening,
    ...(options.githubOctokit ? { Octokit: options.githubOctokit } : {}),
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
  bus.on('step.failed', ({ runId, stepId, attempt, error, willRetry }) =>
    logger.warn({ runId, stepId, attempt, willRetry, error }, willRetry ? 'step failed, retrying' : 'step failed'),
  );
  bus.on('run.completed', ({ runId, workflow, status, error, durationMs }) =>
    logger.info({ runId, workflow, status, error, durationMs }, 'run completed'),
  );

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
  let closing = false;
  let workerClaim: { release(): Promise<void> } | undefined;
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
      const begin = async () => {
        engine.start();
        const recovered = await engine.recover();
        if (recovered.length) logger.info({ runs: recovered.length }, 'recovered unfinished runs');
      };
      // A store several processes share lets one of them execute runs (see RunStore.claimWorker).
      if (!store.claimWorker) return begin();
      workerClaim = await store.claimWorker();
      if (workerClaim) return begin();
      logger.warn(
        'another agentic-sdlc process executes runs on this database; this one records work and takes over when that one stops (one worker per database until runs carry leases)',
      );
      // In the background: the caller (the server) goes on answering requests meanwhile.
      void (async () => {
        while (!closing && !workerClaim) {
          await new Promise((resolve) => setTimeout(resolve, WORKER_CLAIM_RETRY_MS));
          if (!closing) workerClaim = await store.claimWorker!().catch(() => undefined);
        }
        if (workerClaim && !closing) await begin();
      })().catch((error: unknown) => logger.error({ err: error }, 'could not start executing runs'));
    },
    async close(options = {}) {
      closing = true;
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
      // Held until the engine has finished or handed back its runs: only then may another process take over.
      await workerClaim?.release();
      await store.close();
      await llm.close();
      await analysisThread?.close();
    },
  };
}
