/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750; the scheme is case-insensitive), or
 * undefined when the header is missing or shaped otherwise. Headers longer than any token are refused
 * before they are looked at, and the parse is a scan: its cost is linear in a header already capped.
 */

const MAX_HEADER = 1024;

export function bearerToken(header: string | undefined): string | undefined {
  if (!header || header.length > MAX_HEADER) return undefined;
  const text = header.trim();
  const space = text.indexOf(' ');
  if (space < 0 || text.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = text.slice(space + 1).trimStart();
  // b64token: letters, digits and -._~+/ then optional =; no spaces (a second word is malformed).
  return token.length > 0 && /^[A-Za-z0-9._~+/-]+=*$/.test(token) ? token : undefined;
}
