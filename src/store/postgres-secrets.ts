/**
 * A DATABASE_URL may carry a password; it must never reach a log, a run or an error. `describeUrl` is the
 * URL as messages may show it (no password), and `scrubError` takes the password out of any error the
 * driver raises (pg-connection-string already redacts an invalid URL; this holds whatever comes next).
 */

const MASK = '***';

/** `postgres://user@host:port/db`, or a placeholder when the URL does not parse (its text may hold the password). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${parsed.username}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an unparsable postgres:// URL)';
  }
}

/** The password as it may appear in text: decoded, and as written in the URL. */
export function passwordForms(url: string): string[] {
  const written = /^[^:]+:\/\/[^:@/]*:([^@/]*)@/.exec(url)?.[1];
  let parsed: string | undefined;
  try {
    parsed = decodeURIComponent(new URL(url).password);
  } catch {
    parsed = undefined;
  }
  const forms = [written, parsed, written && safeDecode(written)].filter((form): form is string => !!form);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Replaces every form of the password in the error's message, stack and string fields, in place. */
export function scrubError<T>(error: T, secrets: string[], depth = 0): T {
  if (!secrets.length || typeof error !== 'object' || error === null || depth > 5) return error;
  const clean = (text: string) => secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
  const record = error as Record<string, unknown>;
  for (const key of [...Object.keys(record), 'message', 'stack']) {
    const value = record[key];
    if (typeof value === 'string') record[key] = clean(value);
  }
  if (record.cause !== undefined) scrubError(record.cause, secrets, depth + 1);
  return error;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
