/**
 * Values that look like credentials but are not: documentation stand-ins, descriptive fakes, references,
 * identifiers, URLs without a password, integrity hashes and hashes every developer has seen.
 */

export const PLACEHOLDERS = [
  'changeme', 'change_me', 'change-me', 'placeholder', 'example', 'your', 'xxx', 'dummy', 'redacted', 'sample',
  'fake', 'mock', 'todo', 'replace', 'insert', '<', '>', '${', '{{', '%(', '%s', 'process.env', 'os.environ',
  'getenv', 'env.', 'secrets.', '***', '...', '…', '###',
];

/**
 * Words of a descriptive fake (`SlackAppConfigurationAccessTokenHere`, `RANDOMSTRINGHERE`, `my-bot-token`).
 * Only read in values whose digits all trail the words: a random body of 20 or more letters and digits
 * puts all its digits at the end once in many thousand draws, and then rarely spells one of these.
 */
const FAKE_WORDS = /here|your|random|string|token|secret|passw|config|access|sample|example|dummy|fake|test|slack|github|value|enter|insert|replace|initial/i;

/** The MD5, SHA-1, SHA-224/256/384/512 of nothing and git's empty blob and tree: constants, not secrets. */
const WELL_KNOWN_HASHES = new Set([
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b',
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
  'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
  '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813', // SHA-256 of git's empty blob object
  '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321', // SHA-256 of git's empty tree object
]);

/** Words, then at most a run of digits (`personal-access-token123`, `PersonalAccessToken0000000000`). */
export function isDescriptiveFake(body: string): boolean {
  return !/[0-9]/.test(body.replace(/[0-9]+$/, '')) && FAKE_WORDS.test(body);
}

/** `123456`, `abcdef`, `0123456789ABCDEF`: six or more characters counting up, typed by a person. */
function hasCountingRun(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return false;
}

/** A well-known hash, bare or with an algorithm prefix (`sha256:e3b0…`). */
export function isWellKnownHash(value: string): boolean {
  return WELL_KNOWN_HASHES.has(value.toLowerCase().replace(/^[a-z0-9]+[:-]/, ''));
}

/**
 * Documentation stand-ins for vendor tokens: `ghp_xxxxxxxx…`, `xoxb-your-token`, AWS's `AKIAIOSFODNN7EXAMPLE`,
 * `…-####`. Narrower than `isPlaceholder`, because a random token body may contain short words like `mock` by chance.
 */
export function isTokenPlaceholder(body: string, extra: readonly string[]): boolean {
  if (/x{4}|X{4}|\*{3}|\.{3}|…|#{3}|[<>{}$]|example|your|placeholder|redacted/i.test(body)) return true;
  const lower = body.toLowerCase();
  return new Set(lower).size < 6 || isDescriptiveFake(body) || extra.some((p) => lower.includes(p.toLowerCase()));
}

export function isPlaceholder(value: string, placeholders: readonly string[]): boolean {
  const lower = value.toLowerCase();
  if (placeholders.some((p) => lower.includes(p))) return true;
  // One repeated character (`aaaaaaaa`, `00000000`) or a run like `1234567890abcdef`.
  if (new Set(lower).size <= 2) return true;
  return hasCountingRun(lower) || isDescriptiveFake(value);
}

/**
 * `/etc/app/creds.json`, `./keys/dev.pem`: a path, unless a part of it looks random (16 or more characters
 * mixing capitals, small letters and digits), as base64 that starts with `/` does.
 */
function looksLikePath(value: string): boolean {
  if (!/^\.{0,2}\//.test(value)) return false;
  return !value.split('/').some((part) => part.length >= 16 && /[A-Z]/.test(part) && /[a-z]/.test(part) && /[0-9]/.test(part));
}

export function looksLikeNonSecret(value: string): boolean {
  // A URL, unless it carries `user:password@`. The user part has no `:`, so the two runs cannot trade
  // characters: `[^/@]+:[^/@]+@` is quadratic on `://a:a:a:…`.
  if (/^(?:https?:\/\/|[a-z]+:\/\/)/i.test(value) && !/:\/\/[^/@:]+:[^/@]+@/.test(value)) return true;
  if (looksLikePath(value)) return true;
  // Identifiers and words (`installation-token`, `my_app_secret`): no digits, one letter case.
  if (/^[a-z_.-]+$/.test(value) || /^[A-Z_.-]+$/.test(value)) return true;
  // Subresource-integrity and go.sum hashes (`sha512-…`, `h1:…=`) say what a download must hash to.
  if (/^(?:sha(?:1|256|384|512)-|h1:)[A-Za-z0-9+/]+={0,2}$/.test(value) || isWellKnownHash(value)) return true;
  // Template and variable references.
  return /^[$%@]/.test(value);
}
