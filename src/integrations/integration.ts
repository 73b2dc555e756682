import type { Logger } from 'pino';
import type { AnyAction } from '../engine/action.js';
import type { Engine } from '../engine/engine.js';
import type { EventBus } from '../engine/event-bus.js';
import type { AnyTriggerKind } from '../engine/trigger-kind.js';
import type { Workflow } from '../engine/workflow.js';
import type { RequestHandler } from '../server/http-server.js';
import type { BodyLimits } from '../server/read-body.js';
import type { RunStore } from '../engine/ports/run-store.js';

/**
 * One vendor, as the composition root sees it: what it adds to the engine (actions, trigger kinds), what it
 * serves (raw-body HTTP routes), and its lifetime (`start` after the server listens, `close` before the store
 * closes). `src/runtime.ts` and the server loop over a list of these and name no vendor.
 */
export interface Integration {
  /** `github`, `slack`, ...: also the name of its trigger kind when it has one. */
  readonly name: string;
  /** False when required settings are missing: no routes, actions fail naming the fix, listeners are warned. */
  readonly configured: boolean;
  /** What to set to configure it (`set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN`), shown while it is not. */
  readonly setupHint: string;
  readonly actions: AnyAction[];
  readonly triggerKinds: AnyTriggerKind[];
  /**
   * Built-in workflows (`workflows/<name>.yml`) that only do its work, such as `jira-sync`: while it is not
   * configured, no event starts them (a closed PR records nothing for Jira-less teams); `run` still can.
   */
  readonly builtinWorkflows?: readonly string[];
  /** Routes that read the raw body themselves (signatures are over exact bytes). Empty when not configured. */
  routes(options: RouteOptions): WebhookRoute[];
  /** Connections that are not HTTP routes (Slack's Socket Mode); called once the server is up. */
  start?(): Promise<void>;
  /** Ends connections and timers; called before the store closes. */
  close?(): Promise<void>;
}

export interface RouteOptions {
  limits: BodyLimits;
  log: Logger;
}

export interface WebhookRoute {
  path: string;
  handler: RequestHandler;
}

/** What every integration may use of the runtime. Built once by `src/runtime.ts`. */
export interface IntegrationDeps {
  logger: Logger;
  engine: Pick<Engine, 'submit' | 'cancel'>;
  store: Pick<RunStore, 'getRun' | 'listRuns'>;
  /** Engine events in this process: run and step progress (Slack follows runs in a thread with it). */
  bus: EventBus;
  /** The loaded workflows, read at the time of use (they load after the integrations register). */
  workflows: () => readonly Workflow[];
}
