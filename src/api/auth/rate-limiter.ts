import type { Clock } from '../../engine/clock.js';

/**
 * A token bucket per API token: `perMinute` requests at once, refilled at `perMinute` a minute. A bucket
 * left alone for a minute is full again, the same as having none, so when more than `maxBuckets` tokens
 * are tracked the least recently used bucket is dropped: memory stays bounded and nobody gains a request.
 */

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxBuckets = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string): RateDecision {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    // Re-inserted on every use: Map order is then least recently used first.
    this.buckets.delete(key);
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }
}
