import { z } from 'zod';
import type { DiffFile } from '../../diff/parse-diff.js';
import { shannonEntropy } from '../entropy.js';
import { TakenSpans, windowedMatches } from '../line-windows.js';
import { baseName, extension, isSamplePath } from '../paths.js';
import { strictObject } from '../strict-object.js';
import { defineRule, stripCR, type RuleFinding } from '../rule.js';
import { assignmentsIn, multiLineAssignment, type Neighbours } from './secret-assignments.js';
import { DETECTORS, PRIVATE_KEY, VENDOR_PREFIX, isKeyBody, kindOf } from './secret-detectors.js';
import { isSecretName } from './secret-names.js';
import { PLACEHOLDERS, isDescriptiveFake, isPlaceholder, isTokenPlaceholder, looksLikeNonSecret } from './secret-values.js';

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
      for (const { line, text, around } of addedLinesInContext(file)) {
        for (const hit of scanLine(text, configFile, opts, placeholders, around)) {
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
/** Lines without any of these assign nothing. */
const ASSIGNMENT_SIGN = /[:=,>]/;

/**
 * Credentials in one line of text, left to right, without overlaps. `configFile` also reads bare
 * `NAME=value` assignments (.env, YAML, INI, Makefiles). `around` holds the neighbouring lines of the
 * file when known: it tells a private key header from code that mentions one, and reads XML values that
 * have a line of their own. Shared with the LLM prompt redaction. Linear in the line's length: detectors
 * and assignments run in bounded windows (see line-windows.ts) or are anchored.
 */
export function scanLine(
  text: string,
  configFile: boolean,
  opts: Options,
  placeholders: readonly string[] = [...PLACEHOLDERS, ...opts.placeholders.map((p) => p.toLowerCase())],
  around?: Neighbours,
): SecretHit[] {
  const hits: SecretHit[] = [];
  const candidate = CANDIDATE.test(text);
  const multiLine = around ? multiLineAssignment(text, around) : undefined;
  if (!candidate && !multiLine && !ASSIGNMENT_SIGN.test(text)) return hits;
  const taken = new TakenSpans(text.length);
  const free = (start: number, end: number): boolean => taken.isFree(start, end);
  const report = (hit: SecretHit): void => {
    hits.push(hit);
    taken.take(hit.start, hit.end);
  };

  for (const match of candidate ? text.matchAll(PRIVATE_KEY) : []) {
    const start = match.index;
    if (!isKeyBody(text, start + match[0].length, around?.after)) continue;
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
      if (isTokenPlaceholder(secret.slice(shown), opts.placeholders) || isDescriptiveFake(randomPart(secret.slice(shown)))) continue;
      if (detector.what.startsWith('OpenAI') && !(/[0-9]/.test(secret) && /[A-Za-z]/.test(secret.slice(3)))) continue;
      report({ start, end, message: `${kindOf(detector, secret)} committed (${mask(secret, shown)})` });
    }
  }

  const assignments = assignmentsIn(text, configFile);
  if (multiLine) assignments.push(multiLine);
  for (const { name, value, start } of assignments) {
    const end = start + value.length;
    if (!free(start, end) || !isSecretName(name)) continue;
    if (value.length < opts.minLength || isPlaceholder(value, placeholders) || looksLikeNonSecret(value)) continue;
    if (VENDOR_PREFIX.test(value)) continue;
    if (shannonEntropy(value) < entropyBar(value, opts.entropy)) continue;
    report({ start, end, message: `Hardcoded secret assigned to "${name}" (${mask(value, 0)}, ${value.length} characters)` });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * The entropy a value must reach. Hex has at most 4 bits per character, and a random 32-character hex
 * secret (a Slack signing secret, an API key) measures 3.4-3.9: it is held to 3 bits instead.
 */
function entropyBar(value: string, bar: number): number {
  return value.length >= 32 && /^[0-9a-f]+$/i.test(value) ? Math.min(bar, 3) : bar;
}

const CONFIG_EXTENSIONS = new Set(['env', 'yml', 'yaml', 'toml', 'ini', 'cfg', 'conf', 'properties', 'mk']);
const CONFIG_NAMES = new Set(['.env', 'Makefile', 'makefile', 'GNUmakefile']);

function isConfigFile(file: DiffFile): boolean {
  const name = baseName(file.path);
  return CONFIG_NAMES.has(name) || name.startsWith('.env.') || CONFIG_EXTENSIONS.has(extension(file.path));
}

/**
 * Added lines of a file in new-side order, each with the new-side lines just before and after it in its
 * hunk (added or unchanged). At a hunk's edge the neighbour is unknown, and left out.
 */
function* addedLinesInContext(file: DiffFile): Generator<{ line: number; text: string; around: Neighbours }> {
  for (const hunk of file.hunks) {
    const newSide = hunk.lines.filter((line) => line.kind !== 'del' && line.newLine !== undefined);
    for (const [i, line] of newSide.entries()) {
      if (line.kind !== 'add') continue;
      const before = newSide[i - 1];
      const after = newSide[i + 1];
      const around: Neighbours = {
        ...(before ? { before: stripCR(before.content) } : {}),
        ...(after ? { after: stripCR(after.content) } : {}),
      };
      yield { line: line.newLine!, text: stripCR(line.content), around };
    }
  }
}

/**
 * The random part of a structured token, `xoxb-<team>-<bot>-<this>`, `…/services/T…/B…/<this>`, when it is
 * long enough to judge (a dash inside a random body leaves short pieces that may spell a word by chance).
 */
function randomPart(body: string): string {
  const part = body.slice(Math.max(body.lastIndexOf('-'), body.lastIndexOf('/')) + 1);
  return part.length >= 12 ? part : '';
}

/** `ghp_…abcd`: the kind prefix and the last four characters, only when the secret is long enough to spare them. */
function mask(secret: string, shown: number): string {
  const prefix = secret.slice(0, shown);
  const rest = secret.length - shown;
  return rest >= 16 ? `${prefix}…${secret.slice(-4)}` : `${prefix}…`;
}
