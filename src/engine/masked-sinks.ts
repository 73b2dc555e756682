import type { EngineEvents, EventBus } from './event-bus.js';
import type { SecretMasker } from './secret-masker.js';
import type { RunStore } from './ports/run-store.js';

/** What the engine's parts need of the bus: publishing. */
export type EventSink = Pick<EventBus, 'emit'>;

/**
 * The engine's two ways out, durable state and events (which become logs, SSE streams, Slack messages),
 * with configured secrets masked on the way. The engine writes only through these, so a new call site
 * cannot forget to mask: run outputs, run and step errors, step inputs and outputs, cancel reasons, log
 * lines and action events all pass here.
 *
 * Masked: the free-text fields (see FREE_TEXT), keys included. Not masked: ids, names and statuses, the
 * engine's own vocabulary that subscribers match on; and what a run is admitted with (inputs, trigger
 * event), which come from the caller and which the run reads back when it starts.
 */
export function maskedStore(store: RunStore, masker: SecretMasker): RunStore {
  if (!masker.active) return store;
  return {
    admitRun: (run, options) => store.admitRun(run, options),
    getRun: (id) => store.getRun(id),
    listRuns: (filter) => store.listRuns(filter),
    markRunning: (id, startedAt, lease) => store.markRunning(id, startedAt, lease),
    renewLease: (id, lease) => store.renewLease(id, lease),
    markInterrupted: (ids, owner) => store.markInterrupted(ids, owner),
    releaseExpired: (now, deadOwners) => store.releaseExpired(now, deadOwners),
    requestCancel: (id, reason) => store.requestCancel(id, masker.mask(reason)),
    getSteps: (runId) => store.getSteps(runId),
    close: () => store.close(),
    finishRun: (id, status, patch) => store.finishRun(id, status, maskFields(patch, masker)),
    cancelIfNotStarted: (id, reason, at) => store.cancelIfNotStarted(id, masker.mask(reason), at),
    saveStep: (step) => store.saveStep(maskFields(step, masker)),
  };
}

export function maskedEvents(bus: EventBus, masker: SecretMasker): EventSink {
  if (!masker.active) return bus;
  return {
    emit<K extends keyof EngineEvents>(name: K, payload: EngineEvents[K]): void {
      bus.emit(name, maskFields(payload, masker));
    },
  };
}

/** The fields that carry text from actions, expressions and errors; the rest is the engine's own vocabulary. */
const FREE_TEXT = ['input', 'outputs', 'error', 'message', 'data', 'reason'] as const;

function maskFields<T extends object>(record: T, masker: SecretMasker): T {
  const out = { ...record } as Record<string, unknown>;
  for (const field of FREE_TEXT) if (out[field] !== undefined) out[field] = masker.maskDeep(out[field]);
  return out as T;
}
