// The secret rule's corpus of true and false positives (test/fixtures/secrets/cases.yaml), with its
// `{{kind N}}` templates filled by deterministic synthetic characters.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ALNUM, BASE64, DIGITS, UPPER_DIGITS, repoRoot } from './helpers.js';

/**
 * Deterministic characters from a seed. Reads the high bits of a 32-bit LCG: its low bits cycle with a
 * short period (the lowest four every 16 draws), which would make hex bodies visibly repeat.
 */
function synthetic(seed: number, length: number, alphabet: string): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}

const ALPHABETS: Record<string, string> = {
  alnum: ALNUM,
  digits: DIGITS,
  upper: UPPER_DIGITS,
  hex: '0123456789abcdef',
  base64: BASE64,
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
};

const caseSchema = z
  .strictObject({
    class: z.string().min(1),
    file: z.string().min(1),
    line: z.string().optional(),
    lines: z.array(z.string()).min(1).optional(),
    /** 1-based line of `lines` that holds the secret. */
    at: z.number().int().min(1).optional(),
    expect: z.enum(['secret', 'clean']),
    /** For secrets: a fragment of the finding's message. */
    kind: z.string().min(1).optional(),
  })
  .refine((c) => (c.line === undefined) !== (c.lines === undefined), 'give either line or lines')
  .refine((c) => c.expect === 'clean' || c.kind !== undefined, 'a secret case needs a kind')
  .refine((c) => c.at === undefined || (c.lines !== undefined && c.at <= c.lines.length), 'at must point into lines');

export interface SecretCase {
  /** `class#n`, n counting from 1 within the class: how a failure names the case. */
  id: string;
  class: string;
  file: string;
  lines: string[];
  /** 1-based line of `lines` that holds the secret, for `expect: secret`. */
  at: number;
  expect: 'secret' | 'clean';
  kind?: string;
}

export const CASES_FILE = path.join(repoRoot, 'test/fixtures/secrets/cases.yaml');

/** Every case of the corpus; template `k` of case `i` draws from seed `1000 * (i + 1) + k`. */
export function loadSecretCases(file = CASES_FILE): SecretCase[] {
  const raw = z.array(caseSchema).parse(parse(readFileSync(file, 'utf8')));
  const perClass = new Map<string, number>();
  return raw.map((c, i) => {
    let draw = 0;
    const fill = (text: string) =>
      text.replace(/\{\{(\w+) (\d+)\}\}/g, (whole, kind: string, length: string) => {
        const alphabet = ALPHABETS[kind];
        if (!alphabet) throw new Error(`${file}: case ${i + 1} (${c.class}): unknown template ${whole}`);
        return synthetic(1000 * (i + 1) + draw++, Number(length), alphabet);
      });
    const n = (perClass.get(c.class) ?? 0) + 1;
    perClass.set(c.class, n);
    return {
      id: `${c.class}#${n}`,
      class: c.class,
      file: c.file,
      lines: (c.lines ?? [c.line!]).map(fill),
      at: c.at ?? 1,
      expect: c.expect,
      ...(c.kind ? { kind: c.kind } : {}),
    };
  });
}
