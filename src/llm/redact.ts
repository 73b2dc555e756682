import type { Finding } from '../analysis/finding.js';
import { scanLine, type SecretRuleOptions } from '../analysis/rules/secret.js';
import type { DiffFile } from '../diff/parse-diff.js';

export const REDACTED = '[REDACTED]';

/** The secret rule's defaults; redaction errs on the side of masking (every file is read like a config file). */
const SCAN_OPTIONS: SecretRuleOptions = { entropy: 3.5, minLength: 12, sampleSeverity: 'warning', placeholders: [] };

/**
 * Token formats the analyzer does not report (it reads added lines for committed keys; prompts carry more).
 * A pattern whose body can run over its own start (a JWT's `-`) starts only where that run starts, or a long
 * run of `eyJ-eyJ-…` would be re-read from every `eyJ`.
 */
const EXTRA_PATTERNS: readonly RegExp[] = [
  /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g, // Stripe
  /\bnpm_[A-Za-z0-9]{36}\b/g, // npm token
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab token
  /\bhf_[A-Za-z0-9]{30,}\b/g, // Hugging Face token
  /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  /\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, // OpenAI / Anthropic keys, even placeholder-looking ones
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
];
/** `Authorization: Bearer <token>`, `token <token>`: the credential after the scheme. */
const BEARER = /\b(Bearer|Basic|token)\s+([A-Za-z0-9._~+/-]{20,}=*)/g;
/**
 * `https://user:password@host`: the password. The scheme is read from the start of its run (leading digits,
 * `+`, `.`, `-` skipped), so a long run of letters without `://` is read once, not once per letter.
 */
const URL_PASSWORD = /((?<![a-z0-9+.-])[0-9+.-]*[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)([^/\s@]+)(@)/gi;
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$)/g;

export interface RedactOptions {
  /** Exact values to mask (configured secrets, API keys). */
  known?: readonly string[];
}

/**
 * Masks credentials in text bound for a model: private key blocks, what the offline secret rule detects,
 * common token formats, bearer tokens, URL passwords and known secret values.
 */
export function redactText(text: string, options: RedactOptions = {}): { text: string; redactions: number } {
  let redactions = 0;
  let out = text.replace(PRIVATE_KEY_BLOCK, (_m, kind: string) => {
    redactions++;
    return `-----BEGIN ${kind}PRIVATE KEY----- ${REDACTED} -----END ${kind}PRIVATE KEY-----`;
  });
  for (const value of [...new Set(options.known ?? [])].filter((v) => v.length >= 6).sort((a, b) => b.length - a.length)) {
    const parts = out.split(value);
    redactions += parts.length - 1;
    out = parts.join(REDACTED);
  }
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const { text: line, redactions: count } = redactLine(lines[i]!, false);
    lines[i] = line;
    redactions += count;
  }
  return { text: lines.join('\n'), redactions };
}

/** Masks one line of source: the analyzer's detectors (as for a config file when `configLike`) and the extra formats. */
export function redactLine(line: string, configLike: boolean): { text: string; redactions: number } {
  let redactions = 0;
  let out = line;
  const hits = scanLine(out, configLike, SCAN_OPTIONS);
  for (const hit of [...hits].reverse()) {
    // A private key hit spans to the end of the line; keep the marker readable.
    out = `${out.slice(0, hit.start)}${REDACTED}${out.slice(hit.end)}`;
    redactions++;
  }
  for (const pattern of EXTRA_PATTERNS) {
    out = out.replace(pattern, () => {
      redactions++;
      return REDACTED;
    });
  }
  out = out.replace(BEARER, (_m, scheme: string) => {
    redactions++;
    return `${scheme} ${REDACTED}`;
  });
  out = out.replace(URL_PASSWORD, (_m, head: string, _pw: string, at: string) => {
    redactions++;
    return `${head}${REDACTED}${at}`;
  });
  return { text: out, redactions };
}

/**
 * Returns copies of `files` whose line contents are masked. Lines the offline analyzer flagged as holding a
 * secret are masked even when the scanners here see nothing (the analyzer may run with other options):
 * everything after the first `=` or `:`, or the whole line.
 */
export function redactDiffFiles(files: readonly DiffFile[], findings: readonly Finding[] = []): { files: DiffFile[]; redactions: number } {
  const flagged = new Map<string, Set<number>>();
  for (const finding of findings) {
    if (finding.rule !== 'secret' || finding.line === undefined) continue;
    let lines = flagged.get(finding.file);
    if (!lines) flagged.set(finding.file, (lines = new Set()));
    for (let line = finding.line; line <= (finding.endLine ?? finding.line); line++) lines.add(line);
  }
  let redactions = 0;
  const out = files.map((file) => {
    const marked = flagged.get(file.path);
    return {
      ...file,
      hunks: file.hunks.map((hunk) => ({
        ...hunk,
        lines: hunk.lines.map((line) => {
          const result = redactLine(line.content, true);
          let content = result.text;
          redactions += result.redactions;
          if (result.redactions === 0 && line.kind === 'add' && line.newLine !== undefined && marked?.has(line.newLine)) {
            content = maskFlaggedLine(content);
            redactions++;
          }
          return content === line.content ? line : { ...line, content };
        }),
      })),
    };
  });
  return { files: out, redactions };
}

function maskFlaggedLine(content: string): string {
  const operator = /[:=]/.exec(content);
  return operator ? `${content.slice(0, operator.index + 1)} ${REDACTED}` : REDACTED;
}
