import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The token a Jenkins request presents: `Authorization: Bearer <token>`, or `?token=<token>` for plugins that
 * can only be given a URL (the Notification plugin). The header wins when both are there.
 */
export function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const [scheme, value, ...rest] = header.trim().split(/\s+/);
    return scheme?.toLowerCase() === 'bearer' && value && rest.length === 0 ? value : undefined;
  }
  const query = (req.url ?? '').split('?')[1];
  const token = query === undefined ? null : new URLSearchParams(query).get('token');
  return token || undefined;
}

/**
 * Whether `presented` is `expected`, in time that does not depend on where they differ: both are hashed
 * first, so `timingSafeEqual` compares equal-length digests and the length of the secret does not leak either.
 */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}
