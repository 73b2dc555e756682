import { z } from 'zod';
import type { DiffFile } from '../../diff/parse-diff.js';
import { shannonEntropy } from '../entropy.js';
import { TakenSpans, windowedMatches } from '../line-windows.js';
import { baseName, extension, isSamplePath } from '../paths.js';
import { strictObject } from '../strict-object.js';
import { addedLines, defineRule, type RuleFinding } from '../rule.js';

const options = strictObject({
  /** Minimum Shannon entropy, in bits per character, of a value assigned to a password/token/... name. */
  entropy: z.number().min(0).max(8).default(3.5),
  /** Shortest value assigned to such a name that is considered. */
  minLength: z.number().int().min(1).default(12),
  /** Severity in tests, fixtures, examples and docs, where sample credentials are common; `off` drops them. */
  sampleSeverity: z.enum(['error', 'warning', 'info', 'off']).default('warning'),
  /** Extra case-insensitive substrings that mark a value as a placeholder. */
  placeholders: z.array(z.string()).default([]),
});
export type SecretRuleOptions = z.infer<typeof options>;
type Options = SecretRuleOptions;

interface Detector {
  what: string;
  /** Global regex; the secret is capture group 1, or the whole match. */
  pattern: RegExp;
  /** How many leading characters of the secret identify its kind and may be shown. */
  shown: number | ((secret: string) => number);
}

const SLACK_KINDS: Record<string, string> = { xoxb: 'Slack bot token', xoxp: 'Slack user token' };

const GITHUB_KINDS: Record<string, string> = {
  ghp: 'GitHub personal access token',
  gho: 'GitHub OAuth access token',
  ghu: 'GitHub user-to-server token',
  ghs: 'GitHub installation token',
  ghr: 'GitHub refresh token',
};

const DETECTORS: readonly Detector[] = [
  { what: 'AWS access key ID', pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/g, shown: 4 },
  {
    what: 'AWS secret access key',
    pattern: /\baws_?secret_?(?:access_?)?key["']?\s*(?::=|=>|[:=])\s*["'`]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    shown: 0,
  },
  { what: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,251})\b/g, shown: 4 },
  { what: 'GitHub fine-grained personal access token', pattern: /\b(github_pat_[A-Za-z0-9_]{22,255})\b/g, shown: 11 },
  { what: 'Slack token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})/g, shown: 5 },
  { what: 'Slack app-level token', pattern: /\b(xapp-\d-[A-Za-z0-9-]{10,})/g, shown: 5 },
  { what: 'Slack configuration token', pattern: /\b(xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9-]{10,})/g, shown: 5 },
  {
    what: 'Slack webhook URL',
    pattern: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,})/g,
    shown: (url) => url.indexOf('/', 'https://hooks.slack.com/'.length) + 1,
  },
  { what: 'Anthropic API key', pattern: /\b(sk-ant-[A-Za-z0-9_-]{20,})/g, shown: 7 },
  { what: 'OpenAI API key', pattern: /\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,})/g, shown: (key) => key.indexOf('-', 3) + 1 },
  { what: 'OpenAI API key', pattern: /\b(sk-[A-Za-z0-9]{32,})\b/g, shown: 3 },
];

const PRIVATE_KEY = /-----BEGIN ((?:RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED|SSH2) )?PRIVATE KEY( BLOCK)?-----/g;

/**
 * `name = "value"`, `name: 'value'`, `"name": "value"`, `name := "value"`, `:name => "value"`.
 * Values with whitespace are prose, not credentials, and are not matched. A name is tried only from the
 * start of a run of name characters (skipping leading digits, dots and dashes, as in `--api-key`): a
 * start inside the run would re-read the whole run, and a long run would cost quadratic time.
 */
const QUOTED_ASSIGNMENT = /(?<![\w$.-])[\d.-]*([A-Za-z_$][\w$.-]*)["']?\s*(?::=|=>|[:=])\s*(["'`])([^"'`\s]+)\2/g;
/** `NAME=value` / `name: value` lines of .env, YAML, TOML, INI and properties files. */
const BARE_ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[:=]\s*([^\s"'`#]+)\s*(?:#.*)?$/;
const CONFIG_EXTENSIONS = new Set(['env', 'yml', 'yaml', 'toml', 'ini', 'cfg', 'conf', 'properties']);

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'auth', 'credential', 'credentials', 'apikey']);
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'client']);
/** A name ending in one of these holds something about a secret, not the secret itself. */
const NOT_SECRET_TAILS = new Set([
  'type', 'name', 'names', 'url', 'uri', 'endpoint', 'path', 'file', 'dir', 'length', 'size', 'count', 'header',
  'field', 'param', 'prefix', 'suffix', 'pattern', 'regex', 'format', 'kind', 'mode', 'id', 'env', 'var', 'required',
  'enabled', 'expires', 'expiry', 'ttl', 'timeout', 'method', 'strategy', 'provider', 'scope', 'scopes', 'label',
  'placeholder', 'hint', 'message', 'error', 'schema', 'version', 'location', 'store', 'source', 'input', 'output',
]);

const PLACEHOLDERS = [
  'changeme', 'change_me', 'change-me', 'placeholder', 'example', 'your', 'xxx', 'dummy', 'redacted', 'sample',
  'fake', 'mock', 'todo', 'replace', 'insert', '<', '>', '${', '{{', '%(', '%s', 'process.env', 'os.environ',
  'getenv', 'env.', 'secrets.', '***', '...', '…',
];

export const secretRule = defineRule({
  id: 'secret',
  description: 'Credentials committed in added lines: cloud, GitHub, Slack, OpenAI and Anthropic keys, private keys, high-entropy passwords and tokens.',
  severity: 'error',
  category: 'security',
  options,
  check({ contentFiles }, opts) {
    const findings: RuleFinding[] = [];
    const placeholders = [...PLACEHOLDERS, ...opts.placeholders.map((p) => p.toLowerCase())];
    for (const file of contentFiles) {
      const sample = isSamplePath(file.path);
      if (sample && opts.sampleSeverity === 'off') continue;
      const severity = sample && opts.sampleSeverity !== 'off' ? opts.sampleSeverity : undefined;
      const configFile = isConfigFile(file);
      for (const { line, text } of addedLines(file)) {
        for (const hit of scanLine(text, configFile, opts, placeholders)) {
          findings.push({
            file: file.path,
            line,
            message: sample ? `${hit.message} in a test, example or docs file` : hit.message,
            suggestion: sample
              ? 'If this is a sample credential, make it obviously fake (for example "xxxx"), or exclude the path with rules.secret.ignore.'
              : 'Revoke and rotate this credential, then load it from the environment or a secret store; deleting the line does not remove it from git history.',
            ...(severity ? { severity } : {}),
          });
        }
      }
    }
    return findings;
  },
});

/** A credential found in one line: its character span and a message that shows only a masked form. */
export interface SecretHit {
  start: number;
  end: number;
  message: string;
}

/** Cheap test that a line may hold one of the detectors' secrets, so most lines skip the detector loop. */
const CANDIDATE = /A[KSBC][IC]A|aws|gh[pousr]_|github_pat_|xox|xapp-|hooks\.slack\.com|sk-|PRIVATE KEY/i;
const ASSIGNMENT_OPERATOR = /[:=]/;

/**
 * Credentials in one line of text, left to right, without overlaps. `configFile` also reads bare
 * `NAME=value` assignments (.env, YAML, INI). Shared with the LLM prompt redaction. Linear in the line's
 * length: detectors and quoted assignments run in bounded windows (see line-windows.ts); the private key
 * header and the bare assignment are anchored or fixed-length patterns and read the whole line.
 */
export function scanLine(
  text: string,
  configFile: boolean,
  opts: Options,
  placeholders: readonly string[] = [...PLACEHOLDERS, ...opts.placeholders.map((p) => p.toLowerCase())],
): SecretHit[] {
  const hits: SecretHit[] = [];
  const candidate = CANDIDATE.test(text);
  if (!candidate && !ASSIGNMENT_OPERATOR.test(text)) return hits;
  const taken = new TakenSpans(text.length);
  const free = (start: number, end: number): boolean => taken.isFree(start, end);
  const report = (hit: SecretHit): void => {
    hits.push(hit);
    taken.take(hit.start, hit.end);
  };

  for (const match of candidate ? text.matchAll(PRIVATE_KEY) : []) {
    const start = match.index;
    if (isSampleKeyBlock(text, start + match[0].length)) continue;
    report({ start, end: text.length, message: `Private key committed (${match[0]})` });
    break; // the hit runs to the end of the line: a later header is inside it
  }

  for (const detector of candidate ? DETECTORS : []) {
    for (const match of windowedMatches(text, detector.pattern)) {
      const secret = match[1] ?? match[0];
      const start = match.index + match[0].indexOf(secret);
      const end = start + secret.length;
      if (!free(start, end)) continue;
      const shown = typeof detector.shown === 'number' ? detector.shown : detector.shown(secret);
      if (isTokenPlaceholder(secret.slice(shown), opts.placeholders)) continue;
      if (detector.what.startsWith('OpenAI') && !(/[0-9]/.test(secret) && /[A-Za-z]/.test(secret.slice(3)))) continue;
      const what =
        detector.what === 'GitHub token'
          ? (GITHUB_KINDS[secret.slice(0, 3)] ?? detector.what)
          : detector.what === 'Slack token'
            ? (SLACK_KINDS[secret.slice(0, 4)] ?? detector.what)
            : detector.what;
      report({ start, end, message: `${what} committed (${mask(secret, shown)})` });
    }
  }

  const assignments: { name: string; value: string; start: number }[] = [];
  for (const match of windowedMatches(text, QUOTED_ASSIGNMENT)) {
    const value = match[3]!;
    assignments.push({ name: match[1]!, value, start: match.index + match[0].lastIndexOf(value) });
  }
  if (configFile) {
    const match = BARE_ASSIGNMENT.exec(text);
    if (match) assignments.push({ name: match[1]!, value: match[2]!, start: text.indexOf(match[2]!, match.index + match[1]!.length) });
  }
  for (const { name, value, start } of assignments) {
    const end = start + value.length;
    if (!free(start, end) || !isSecretName(name)) continue;
    if (value.length < opts.minLength || isPlaceholder(value, placeholders) || looksLikeNonSecret(value)) continue;
    if (shannonEntropy(value) < opts.entropy) continue;
    report({ start, end, message: `Hardcoded secret assigned to "${name}" (${mask(value, 0)}, ${value.length} characters)` });
  }
  return hits.sort((a, b) => a.start - b.start);
}

function isConfigFile(file: DiffFile): boolean {
  const name = baseName(file.path);
  return name === '.env' || name.startsWith('.env.') || CONFIG_EXTENSIONS.has(extension(file.path));
}

/** `apiKey`, `DB_PASSWORD`, `client-secret`, `auth.token` — but not `tokenType`, `author`, `passwordField`. */
function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    // `HTTPServer` → `HTTP_Server`; lookarounds, because `([A-Z]+)([A-Z][a-z])` is quadratic on a long run of capitals.
    .replace(/(?<=[A-Z])(?=[A-Z][a-z])/g, '_')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  if (last === undefined || NOT_SECRET_TAILS.has(last)) return false;
  return words.some(
    (word, i) => SECRET_WORDS.has(word) || (word === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)),
  );
}

/**
 * Documentation stand-ins for vendor tokens: `ghp_xxxxxxxx…`, `xoxb-your-token`, AWS's `AKIAIOSFODNN7EXAMPLE`.
 * Narrower than `isPlaceholder`, because a random token body may contain short words like `mock` by chance.
 */
function isTokenPlaceholder(body: string, extra: readonly string[]): boolean {
  if (/x{4}|\*{3}|\.{3}|…|[<>{}$]|example|your|placeholder|redacted/i.test(body)) return true;
  const lower = body.toLowerCase();
  return new Set(lower).size < 6 || extra.some((p) => lower.includes(p.toLowerCase()));
}

function isPlaceholder(value: string, placeholders: readonly string[]): boolean {
  const lower = value.toLowerCase();
  if (placeholders.some((p) => lower.includes(p))) return true;
  // One repeated character (`aaaaaaaa`, `00000000`) or a run like `1234567890abcdef`.
  if (new Set(lower).size <= 2) return true;
  return /0123456789|abcdefgh/.test(lower);
}

function looksLikeNonSecret(value: string): boolean {
  // A URL, unless it carries `user:password@`. The user part has no `:`, so the two runs cannot trade
  // characters: `[^/@]+:[^/@]+@` is quadratic on `://a:a:a:…`.
  if (/^(?:https?:\/\/|\/|\.\.?\/|[a-z]+:\/\/)/i.test(value) && !/:\/\/[^/@:]+:[^/@]+@/.test(value)) return true;
  // Identifiers and words (`installation-token`, `my_app_secret`): no digits, one letter case.
  if (/^[a-z_.-]+$/.test(value) || /^[A-Z_.-]+$/.test(value)) return true;
  // Template and variable references.
  return /^[$%@]/.test(value);
}

/**
 * `-----BEGIN RSA PRIVATE KEY-----\nsecrets\n-----END RSA PRIVATE KEY-----`: a one-line stand-in, not a key.
 * `bodyStart` is where the header ends. Reads only up to the next `-----END`, so headers that are all
 * stand-ins cost linear time together.
 */
function isSampleKeyBlock(line: string, bodyStart: number): boolean {
  const end = line.indexOf('-----END', bodyStart);
  if (end === -1) return false;
  const body = line.slice(bodyStart, end).replace(/\\[nr]/g, '').replace(/[\s"'`+]/g, '');
  return body.length < 64;
}

/** `ghp_…abcd`: the kind prefix and the last four characters, only when the secret is long enough to spare them. */
function mask(secret: string, shown: number): string {
  const prefix = secret.slice(0, shown);
  const rest = secret.length - shown;
  return rest >= 16 ? `${prefix}…${secret.slice(-4)}` : `${prefix}…`;
}
