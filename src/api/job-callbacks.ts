import type { ApiConfig } from '../config/api.js';
import type { Clock } from '../engine/clock.js';
import type { Logger } from '../logger.js';
import { parseAllowList } from '../net/allow-list.js';
import { checkedAddresses, parseTarget, systemResolver, type Resolver } from '../net/check-target.js';
import { OutboundFailed, OutboundRefused } from '../net/outbound-errors.js';
import { deliverCallback } from './callbacks/deliver.js';
import type { Job } from './schemas.js';

/**
 * `webhook_url` end to end: refused at submit (400) when callbacks are not configured or the address policy
 * says no, and called once when the job ends with the job as `data`, signed with `api.callbacks.secret`.
 * Attempts are logged with the host only: a callback URL's path or query may carry the receiver's token.
 */
export interface JobCallbacks {
  /** Why `url` will not be called, or undefined when it may be. */
  check(url: string): Promise<string | undefined>;
  deliver(url: string, job: Job): Promise<void>;
}

export function createJobCallbacks(config: ApiConfig['callbacks'], deps: { clock: Clock; logger: Logger; resolve?: Resolver }): JobCallbacks {
  // Parsed at startup: a bad entry stops `serve` with the entry named, not the first callback.
  const allow = parseAllowList(config.allowHosts);
  const resolve = deps.resolve ?? systemResolver;
  return {
    async check(url) {
      if (!config.secret) return 'callbacks are not configured on this server (set AGENTIC_SDLC_CALLBACK_SECRET to a whsec_ secret)';
      try {
        await checkedAddresses(parseTarget(url), allow, resolve);
        return undefined;
      } catch (error) {
        if (error instanceof OutboundRefused || error instanceof OutboundFailed) return error.message;
        throw error;
      }
    },
    async deliver(url, job) {
      if (!config.secret) return;
      const host = new URL(url).host;
      const log = deps.logger.child({ component: 'callbacks', runId: job.job_id, host });
      const outcome = await deliverCallback({
        url,
        payload: { type: 'job.completed', timestamp: new Date(deps.clock.now()).toISOString(), data: job },
        secret: config.secret,
        allow,
        maxAttempts: config.maxAttempts,
        clock: deps.clock,
        resolve,
        // One id per job: a receiver that sees it twice (a retry) can drop the repeat.
        webhookId: `msg_${job.job_id}`,
        recordAttempt: (attempt) => log.info({ ...attempt }, 'job callback attempt'),
      });
      if (outcome.delivered) log.info({ attempts: outcome.attempts, status: outcome.status }, 'job callback delivered');
      else log.warn({ attempts: outcome.attempts, reason: outcome.reason, error: outcome.error }, 'job callback not delivered');
    },
  };
}
