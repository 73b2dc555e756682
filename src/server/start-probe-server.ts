import type { AddressInfo } from 'node:net';
import { createMetrics } from '../metrics/metrics.js';
import { checkReadiness } from '../metrics/readiness.js';
import { apiRoutes } from './api-routes.js';
import { createHttpServer } from './http-server.js';
import type { ServedRuntime } from './start-server.js';

export interface ProbeServer {
  url: string;
  address: AddressInfo;
  close(): Promise<void>;
}

/**
 * What a `worker` process serves: `/healthz` (liveness), `/readyz` (store and queue reachable) and `/metrics`
 * (its own runs, steps and model spend), for Kubernetes probes and Prometheus. No webhooks and no REST API: a
 * worker takes its work from the queue, so it holds no integration secret's inbound side and answers nothing else.
 */
export async function startProbeServer(
  runtime: Pick<ServedRuntime, 'config' | 'logger' | 'bus' | 'store' | 'queue'>,
  options: { port: number; host?: string; version: string },
): Promise<ProbeServer> {
  const metrics = createMetrics({ bus: runtime.bus, queueDepth: () => runtime.queue.depth() });
  const api = apiRoutes({
    version: options.version,
    github: false,
    maxBodyBytes: 1024,
    metrics: metrics.registry,
    ready: () => checkReadiness({ store: runtime.store, queue: runtime.queue }),
    logger: runtime.logger,
  });
  const http = createHttpServer({ webhooks: [], api, logger: runtime.logger });
  let address: AddressInfo;
  try {
    address = await http.listen(options.port, options.host);
  } catch (error) {
    metrics.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    address,
    async close() {
      await http.close();
      metrics.close();
    },
  };
}
