/**
 * Which identifiers name a credential: `apiKey`, `DB_PASSWORD`, `client-secret`, `creds` — but not
 * `tokenType`, `author`, `publicToken` or `csrf-token`, which name something public or about a secret.
 */

const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'auth', 'credential', 'credentials', 'cred', 'creds',
  'apikey',
]);
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'client']);
/** A name ending in one of these holds something about a secret, not the secret itself. */
const NOT_SECRET_TAILS = new Set([
  'type', 'name', 'names', 'url', 'uri', 'endpoint', 'path', 'file', 'dir', 'length', 'size', 'count', 'header',
  'field', 'param', 'prefix', 'suffix', 'pattern', 'regex', 'format', 'kind', 'mode', 'id', 'env', 'var', 'required',
  'enabled', 'expires', 'expiry', 'ttl', 'timeout', 'method', 'strategy', 'provider', 'scope', 'scopes', 'label',
  'placeholder', 'hint', 'message', 'error', 'schema', 'version', 'location', 'store', 'source', 'input', 'output',
]);
/** Anywhere in a name, these say the value is meant to be seen: `publicToken`, `publishable_key`. */
const PUBLIC_WORDS = new Set(['public', 'publishable']);
/**
 * Right before `token`, these name a token that is not a credential: anti-forgery tokens sent to every
 * browser (`csrfToken`, `X-XSRF-TOKEN`) and cursors (`nextPageToken`, `continuation_token`, `CancellationToken`).
 */
const NOT_CREDENTIAL_TOKENS = new Set(['csrf', 'xsrf', 'page', 'next', 'continuation', 'cancellation', 'sync']);

/** The lower-case words of an identifier: `HTTPServerAPIKey` → `http server api key`. */
export function nameWords(name: string): string[] {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      // `HTTPServer` → `HTTP_Server`; lookarounds, because `([A-Z]+)([A-Z][a-z])` is quadratic on a long run of capitals.
      .replace(/(?<=[A-Z])(?=[A-Z][a-z])/g, '_')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
  );
}

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined || NOT_SECRET_TAILS.has(last) || words.some((word) => PUBLIC_WORDS.has(word))) return false;
  return words.some((word, i) => {
    const before = i > 0 ? words[i - 1]! : '';
    if (word === 'token') return !NOT_CREDENTIAL_TOKENS.has(before);
    return SECRET_WORDS.has(word) || (word === 'key' && KEY_QUALIFIERS.has(before));
  });
}
