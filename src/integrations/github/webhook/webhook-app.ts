import type { ApplicationFunction } from 'probot';
import { ingestDelivery, type IngestDeps } from './ingest-delivery.js';

/**
 * The Probot app: every delivery, whatever its event, goes through `ingestDelivery`, which only records a
 * run. `serve` does not go through Probot (see ./github-webhook.ts); this is for `probot.receive`.
 */
export function webhookApp(deps: IngestDeps): ApplicationFunction {
  return (app) => {
    app.onAny(async (context) => {
      await ingestDelivery(deps, context.name, context.id, context.payload);
    });
  };
}
