/**
 * Vendor credential formats, as each vendor documents them, and private key blocks. A pattern accepts a
 * token only in its documented segment structure (Slack: `xoxb-<digits>-<digits>-<letters and digits>`),
 * so short, truncated or descriptive stand-ins (`xoxb-12345-abcd234`, `xoxp-1234567890`, `xoxo` in a file
 * name) do not match. Every pattern is linear: bounded repeats, or runs that cannot trade characters.
 */

export interface Detector {
  what: string;
  /** Global regex; the secret is capture group 1, or the whole match. */
  pattern: RegExp;
  /** How many leading characters of the secret identify its kind and may be shown. */
  shown: number | ((secret: string) => number);
}

/** Kinds of Slack token by prefix (api.slack.com/authentication/token-types). */
const SLACK_KINDS: Record<string, string> = {
  xoxb: 'Slack bot token',
  xoxp: 'Slack user token',
  xoxa: 'Slack workspace token',
  xoxr: 'Slack refresh token',
  xoxe: 'Slack token',
  xoxo: 'Slack legacy token',
  xoxs: 'Slack legacy token',
};

const GITHUB_KINDS: Record<string, string> = {
  ghp: 'GitHub personal access token',
  gho: 'GitHub OAuth access token',
  ghu: 'GitHub user-to-server token',
  ghs: 'GitHub installation token',
  ghr: 'GitHub refresh token',
};

/** The slash that ends `hooks.slack.com/services/`, with or without a scheme. */
const webhookShown = (url: string): number => url.indexOf('/', url.indexOf('.com/') + 5) + 1;

export const DETECTORS: readonly Detector[] = [
  { what: 'AWS access key ID', pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/g, shown: 4 },
  {
    what: 'AWS secret access key',
    pattern: /\baws_?secret_?(?:access_?)?key["']?\s*(?::=|=>|[:=])\s*["'`]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    shown: 0,
  },
  { what: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,251})\b/g, shown: 4 },
  { what: 'GitHub fine-grained personal access token', pattern: /\b(github_pat_[A-Za-z0-9_]{22,255})\b/g, shown: 11 },
  // Bot, user, workspace and legacy tokens: an optional one-digit version, one to three numeric ids of
  // 8-14 digits (team, user, token), then a random part. Legacy bot tokens have one id; user tokens three.
  {
    what: 'Slack token',
    pattern: /\b(xox[abposre]-(?:\d-)?(?:\d{8,14}-){1,3}[A-Za-z0-9]{10,64})(?![\w-])/g,
    shown: 5,
  },
  // Configuration access and refresh tokens: `xoxe.xoxp-1-` or `xoxe-1-` and a long random part (146-166).
  { what: 'Slack configuration token', pattern: /\b(xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{60,200})(?![\w-])/g, shown: 5 },
  { what: 'Slack app-level token', pattern: /\b(xapp-\d-[A-Z0-9]{8,14}-\d{8,14}-[A-Za-z0-9]{20,128})(?![\w-])/g, shown: 5 },
  {
    what: 'Slack webhook URL',
    pattern: /(?<![\w.-])((?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,})/g,
    shown: webhookShown,
  },
  { what: 'Anthropic API key', pattern: /\b(sk-ant-[A-Za-z0-9_-]{20,})/g, shown: 7 },
  { what: 'OpenAI API key', pattern: /\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,})/g, shown: (key) => key.indexOf('-', 3) + 1 },
  { what: 'OpenAI API key', pattern: /\b(sk-[A-Za-z0-9]{32,})\b/g, shown: 3 },
];

/** The kind a detector's message names: GitHub and Slack tokens by prefix. */
export function kindOf(detector: Detector, secret: string): string {
  if (detector.what === 'GitHub token') return GITHUB_KINDS[secret.slice(0, 3)] ?? detector.what;
  if (detector.what === 'Slack token') return SLACK_KINDS[secret.slice(0, 4)] ?? detector.what;
  return detector.what;
}

/**
 * The start of a vendor format. A value assigned to a secret name that starts like this is judged by the
 * vendor's detector alone: when that refused it (`xoxb-12345-abcd234`, `xoxe.xoxp-1-RANDOMSTRINGHERE`), it
 * is a stand-in, not a high-entropy password.
 */
export const VENDOR_PREFIX = /^(?:xox[a-z][-.]|xapp-|gh[pousr]_|github_pat_|sk-|A[KS]IA|(?:https?:\/\/)?hooks\.slack\.com\/)/;

export const PRIVATE_KEY = /-----BEGIN ((?:RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED|SSH2) )?PRIVATE KEY( BLOCK)?-----/g;

/** Base64 of a key: 40 characters at the start of its body is more than any stand-in or code has. */
const KEY_MATERIAL = /^[A-Za-z0-9+/=]{40}/;
/** Headers an encrypted PEM body may start with. */
const PEM_HEADER = /^(?:Proc-Type|DEK-Info|Comment|Version):/;

/**
 * Whether the text after a private key header is key material: base64 on the same line (after `\n`
 * escapes, as in JSON), or, when the header ends the line, on the next line of the file. A header
 * followed by code (`'-----BEGIN PRIVATE KEY-----';`), a template (`\n${key}\n`) or a one-line stand-in
 * (`\nsecrets\n-----END …`) is not a key. `next` undefined means unknown (the last line, or a prompt
 * line): then the header alone counts as a key.
 */
export function isKeyBody(line: string, bodyStart: number, next: string | undefined): boolean {
  // A stand-in's `-----END` comes within a few dozen characters; reading a bounded head keeps many headers linear.
  const head = line.slice(bodyStart, bodyStart + 512);
  const end = head.indexOf('-----END');
  const body = (end === -1 ? head : head.slice(0, end)).replace(/\\[nr]/g, '').replace(/[\s"'`+]/g, '');
  if (end !== -1 && body.length < 64) return false;
  if (body === '') {
    if (next === undefined) return true;
    const nextBody = next.slice(0, 512).trim().replace(/^["'`+\s]+/, '');
    return KEY_MATERIAL.test(nextBody) || PEM_HEADER.test(nextBody);
  }
  return KEY_MATERIAL.test(body) || PEM_HEADER.test(body);
}
