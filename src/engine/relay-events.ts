import type { EngineEvents, EventBus } from './event-bus.js';
import type { EventRelay } from './ports/event-relay.js';

/**
 * The events other processes need: everything that describes a run's progress, and cancel requests. Log
 * lines stay in the process that wrote them (its own log has them).
 */
export const RELAYED_EVENTS = [
  'run.queued',
  'run.started',
  'run.completed',
  'step.started',
  'step.completed',
  'step.failed',
  'action.event',
  'run.cancelRequested',
] as const satisfies readonly (keyof EngineEvents)[];

const relayed = new Set<string>(RELAYED_EVENTS);

/**
 * Joins this process's bus to the others' through `relay`: local events go out, remote ones come in marked
 * `remote` (and are never sent out again, so two processes cannot echo an event back and forth). Resolves,
 * once subscribed, with the function that stops both directions.
 */
export async function relayEvents(bus: EventBus, relay: EventRelay): Promise<() => void> {
  let open = true;
  const offs = RELAYED_EVENTS.map((name) =>
    bus.on(name, (payload, meta) => {
      if (open && !meta.remote) relay.publish(name, payload);
    }),
  );
  await relay.subscribe((name, payload) => {
    if (open && relayed.has(name)) bus.emit(name as keyof EngineEvents, payload as never, { remote: true });
  });
  return () => {
    open = false;
    for (const off of offs) off();
  };
}
