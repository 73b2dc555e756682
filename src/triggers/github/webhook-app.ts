import type { ApplicationFunction } from 'probot';
import { ingestDelivery, type IngestDeps } from './ingest-delivery.js';

/**
 * The Probot app: every delivery, whatever its event, goes through `ingestDelivery`, which only records a
 * run. Probot's middleware awaits this handler before answering GitHub, so it must stay this small.
 */
export function webhookApp(deps: IngestDeps): ApplicationFunction {
  return (app) => {
    app.onAny(async (context) => {
      await ingestDelivery(deps, context.name, context.id, context.payload);
    });
  };
}
