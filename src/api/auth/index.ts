import type { Context, MiddlewareHandler } from 'hono';
import { systemClock, type Clock } from '../../engine/clock.js';
import type { Logger } from '../../logger.js';
import { BOOTSTRAP_CALLER, callerIdentifier, type ApiCaller } from './identify-caller.js';
import { TokenBucketLimiter } from './rate-limiter.js';
import { grants, type ApiScope, type TokenStore } from './token-store.js';
import { UsageRecorder } from './usage-recorder.js';

export { createTokenStore } from './create-token-store.js';
export { issueToken } from './issue-token.js';
export type { ApiCaller } from './identify-caller.js';
export { API_SCOPES, TokenNameError, TokenNameTakenError, grants, type ApiScope, type ApiTokenInfo, type TokenStore } from './token-store.js';

/**
 * Bearer-token authentication for `/api`, in this order: who is calling (a stored token or the bootstrap
 * token), whether it is within its rate, and whether its scope allows the route (`execute` implies `read`).
 * Each refusal says which check failed and how to fix it; no answer and no log line carries the token.
 */

/** Hono environment of an authenticated route: `c.get('token')` is the caller. */
export interface ApiAuthEnv {
  Variables: { token: ApiCaller };
}

export interface ApiAuthOptions {
  tokens: TokenStore;
  /** `api.bootstrapToken` (AGENTIC_SDLC_API_TOKEN): an `execute` token named `bootstrap`. */
  bootstrapToken?: string;
  rateLimitPerMinute: number;
  clock?: Clock;
  logger?: Logger;
}

export interface ApiAuth {
  require(scope: ApiScope): MiddlewareHandler<ApiAuthEnv>;
  /** Waits for the `lastUsedAt` writes in flight; the token store itself is closed by its owner. */
  close(): Promise<void>;
}

export function createApiAuth(options: ApiAuthOptions): ApiAuth {
  if (options.bootstrapToken !== undefined && options.bootstrapToken.length < 24) {
    throw new Error('api.bootstrapToken (AGENTIC_SDLC_API_TOKEN) must be at least 24 characters: generate one with openssl rand -base64 32');
  }
  const clock = options.clock ?? systemClock;
  const identify = callerIdentifier(options.tokens, options.bootstrapToken);
  const limiter = new TokenBucketLimiter(options.rateLimitPerMinute, clock);
  const usage = new UsageRecorder(options.tokens, clock, options.logger);

  return {
    require(scope) {
      return async (c, next) => {
        const found = await identify(c.req.header('authorization'));
        if (!('caller' in found)) {
          c.header('WWW-Authenticate', found.malformed ? 'Bearer' : 'Bearer error="invalid_token"');
          return c.json({ error: 'unauthorized', message: found.message }, 401);
        }
        const { caller } = found;
        const rate = limiter.take(caller.id);
        if (!rate.allowed) {
          c.header('Retry-After', String(rate.retryAfterSeconds));
          const message = `API token ${caller.id} is over its limit of ${options.rateLimitPerMinute} requests a minute (api.rateLimitPerMinute); retry after ${rate.retryAfterSeconds} s`;
          return c.json({ error: 'rate_limited', message }, 429);
        }
        if (!grants(caller.scopes, scope)) return forbidden(c, caller, scope);
        // The bootstrap token is not stored: there is no row to record its use in.
        if (caller !== BOOTSTRAP_CALLER) usage.used(caller.id);
        c.set('token', caller);
        await next();
      };
    },
    close: () => usage.close(),
  };
}

function forbidden(c: Context, caller: ApiCaller, scope: ApiScope): Response {
  c.header('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scope}"`);
  return c.json({ error: 'forbidden', message: `this token has scope ${caller.scopes.join(', ')}; ${c.req.method} ${c.req.path} needs ${scope}` }, 403);
}
