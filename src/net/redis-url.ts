/**
 * Keeps a Redis URL's password out of what the relay logs and throws: the URL shown with `***` in its
 * place, and a scrubber for text that did not come from us (a driver's error message) in case it quotes
 * the password.
 */
export interface SafeRedisUrl {
  /** The URL with its password replaced by `***` (or a placeholder when it does not parse). */
  shown: string;
  /** `text` with every occurrence of the password (raw or percent-decoded) replaced by `***`. */
  scrub(text: string): string;
}

export function safeRedisUrl(url: string): SafeRedisUrl {
  let shown = 'REDIS_URL (unparsable)';
  const secrets: string[] = [];
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      secrets.push(parsed.password, decodeURIComponent(parsed.password));
      parsed.password = '***';
    }
    shown = parsed.toString();
  } catch {
    // An unparsable URL may still hold a secret: never show any of it.
  }
  return {
    shown,
    scrub: (text) => secrets.filter(Boolean).reduce((clean, secret) => clean.split(secret).join('***'), text),
  };
}
