import type { RunQueue } from '../engine/ports/run-queue.js';
import type { RunStore } from '../engine/ports/run-store.js';

export interface Readiness {
  ready: boolean;
  /** `ok`, or what failed, per dependency. */
  checks: Record<string, string>;
}

/** How long one dependency may take to answer before it counts as unreachable. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * `GET /readyz`: whether this instance can take work, as a load balancer or Kubernetes asks it. The store must
 * answer a read and the queue its depth, each within two seconds; liveness (`/healthz`) asks nothing of them.
 */
export async function checkReadiness(deps: { store: Pick<RunStore, 'listRuns'>; queue: Pick<RunQueue, 'depth'> }): Promise<Readiness> {
  const checks: Record<string, string> = {};
  await Promise.all([
    check(checks, 'store', () => deps.store.listRuns({ limit: 1 })),
    check(checks, 'queue', () => deps.queue.depth()),
  ]);
  return { ready: Object.values(checks).every((result) => result === 'ok'), checks };
}

async function check(checks: Record<string, string>, name: string, probe: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    checks[name] = 'ok';
  } catch (error) {
    // Only the message: a connection error may carry a URL, and the URL may carry a password.
    checks[name] = (error instanceof Error ? error.message : String(error)).replace(/\/\/[^/@\s]*@/g, '//***@');
  } finally {
    clearTimeout(timer);
  }
}
