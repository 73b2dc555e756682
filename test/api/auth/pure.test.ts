import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../../src/api/auth/bearer.js';
import { TokenBucketLimiter } from '../../../src/api/auth/rate-limiter.js';
import { hashToken, mintToken, tokenId } from '../../../src/api/auth/token-format.js';
import { grants } from '../../../src/api/auth/token-store.js';
import { FakeClock } from '../../helpers/fake-clock.js';

describe('token format', () => {
  it('mints asdlc_<16 hex id>_<32 random bytes of base64url> and stores only its SHA-256', () => {
    const a = mintToken();
    const b = mintToken();
    expect(a.token).toMatch(/^asdlc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token.slice(23), 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenId(a.token)).toBe(a.id);
  });

  it.each([
    ['another prefix', (t: string) => `ghp_${t.slice(6)}`],
    ['one character short', (t: string) => t.slice(0, -1)],
    ['an id that is not hex', (t: string) => `asdlc_ZZ${t.slice(8)}`],
    ['no separator after the id', (t: string) => `${t.slice(0, 22)}.${t.slice(23)}`],
    ['a secret outside base64url', (t: string) => `${t.slice(0, -1)}+`],
  ])('a token with %s has no id', (_label, spoil) => {
    expect(tokenId(spoil(mintToken().token))).toBeUndefined();
  });
});

describe('Authorization header', () => {
  it('takes the token of a Bearer header, whatever the scheme case and spacing', () => {
    expect(bearerToken('Bearer abc.DEF-_~+/==')).toBe('abc.DEF-_~+/==');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('  BEARER abc  ')).toBe('abc');
  });

  it('refuses a megabyte header before scanning it', () => {
    expect(bearerToken(`Bearer ${'a'.repeat(1_000_000)}`)).toBeUndefined();
  });
});

describe('scopes', () => {
  it('execute implies read, read grants nothing more', () => {
    expect(grants(['execute'], 'read')).toBe(true);
    expect(grants(['execute'], 'execute')).toBe(true);
    expect(grants(['read'], 'read')).toBe(true);
    expect(grants(['read'], 'execute')).toBe(false);
    expect(grants([], 'read')).toBe(false);
  });
});

describe('token bucket', () => {
  it('refills continuously at the per-minute rate and never above it', () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketLimiter(60, clock);
    for (let i = 0; i < 60; i++) expect(limiter.take('t').allowed).toBe(true);
    expect(limiter.take('t')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(10 * 60_000);
    for (let i = 0; i < 60; i++) expect(limiter.take('t').allowed).toBe(true);
    expect(limiter.take('t').allowed).toBe(false);
  });

  it('keeps at most maxBuckets buckets, dropping the least recently used', () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketLimiter(1, clock, 100);
    for (let i = 0; i < 10_000; i++) limiter.take(`token-${i}`);
    expect(limiter.size).toBe(100);
    expect(limiter.take('token-9999').allowed).toBe(false);
  });
});
