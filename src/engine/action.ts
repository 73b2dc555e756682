import type { z } from 'zod';
import type { TriggerEvent } from './trigger-event.js';

export interface StepLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** What an action knows about the run it is part of. */
export interface ActionContext {
  runId: string;
  workflow: string;
  stepId: string;
  attempt: number;
  event?: TriggerEvent;
}

export interface ActionTools {
  /** Aborts on step timeout, run timeout and cancellation. Pass it to every fetch and SDK call. */
  signal: AbortSignal;
  log: StepLogger;
  /** Publishes an `action.event` on the engine's bus (usage, links to posted comments, ...). */
  emit(name: string, data: unknown): void;
}

export interface ActionDefinition<I = unknown, O extends Record<string, unknown> = Record<string, unknown>> {
  /** `domain.verb`, e.g. `diff.analyze`, `github.comment`. */
  name: string;
  description: string;
  input: z.ZodType<I>;
  output: z.ZodType<O>;
  run(ctx: ActionContext, input: I, tools: ActionTools): Promise<O>;
}

/** Identity function that gives an action's `run` the types of its schemas. */
export function defineAction<I, O extends Record<string, unknown>>(
  definition: ActionDefinition<I, O>,
): ActionDefinition<I, O> {
  return definition;
}

// The registry stores actions of many input/output types side by side; the schemas keep them honest at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = ActionDefinition<any, Record<string, unknown>>;

export class ActionRegistry {
  private readonly actions = new Map<string, AnyAction>();

  register(...actions: AnyAction[]): this {
    for (const action of actions) {
      if (this.actions.has(action.name)) throw new Error(`action ${action.name} is registered twice`);
      this.actions.set(action.name, action);
    }
    return this;
  }

  get(name: string): AnyAction | undefined {
    return this.actions.get(name);
  }

  has(name: string): boolean {
    return this.actions.has(name);
  }

  names(): string[] {
    return [...this.actions.keys()].sort();
  }
}
