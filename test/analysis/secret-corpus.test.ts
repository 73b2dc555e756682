// The secret rule against its corpus of true and false positives (test/fixtures/secrets/cases.yaml):
// every case through analyzeDiff at an exact line, and the totals the issue sets as the bar.
import { describe, expect, it } from 'vitest';
import { addedFileDiff, analyzeText, onlyRule } from './helpers.js';
import { loadSecretCases, type SecretCase } from './secret-corpus.js';

const cases = loadSecretCases();

/** A harmless line before the case, so that cases sit at different line numbers. */
const FILLER = 'x = 1';

interface Outcome {
  /** `line: message` of each secret finding. */
  findings: string[];
  ok: boolean;
}

function run(c: SecretCase, index: number): Outcome {
  const pad = index % 3;
  const diff = addedFileDiff(c.file, [...Array<string>(pad).fill(FILLER), ...c.lines]);
  const findings = onlyRule(analyzeText(diff).findings, 'secret');
  const ok =
    c.expect === 'clean'
      ? findings.length === 0
      : findings.length === 1 && findings[0]!.line === pad + c.at && findings[0]!.message.includes(c.kind!);
  return { findings: findings.map((f) => `${f.line}: ${f.message}`), ok };
}

const outcomes = cases.map((c, i) => ({ case: c, index: i, ...run(c, i) }));
const describeCase = (c: SecretCase) => `${c.id} (${c.expect}) ${c.file}: ${c.lines.join(' ⏎ ').slice(0, 120)}`;

describe('secret rule on its corpus of true and false positives', () => {
  it.each(outcomes.map((o) => [describeCase(o.case), o] as const))('%s', (_name, outcome) => {
    const { case: c, index } = outcome;
    const expected = c.expect === 'clean' ? [] : [`${(index % 3) + c.at}: …${c.kind}…`];
    expect({ ok: outcome.ok, findings: outcome.findings }, `expected ${JSON.stringify(expected)}`).toEqual({
      ok: true,
      findings: outcome.findings,
    });
  });

  it('finds at least 95% of the true positives and flags at most 5% of the false positives', () => {
    const secrets = outcomes.filter((o) => o.case.expect === 'secret');
    const clean = outcomes.filter((o) => o.case.expect === 'clean');
    const missed = secrets.filter((o) => !o.ok);
    const flagged = clean.filter((o) => !o.ok);
    const recall = (secrets.length - missed.length) / secrets.length;
    const falsePositiveRate = flagged.length / clean.length;
    const names = (list: typeof outcomes) => list.map((o) => `${describeCase(o.case)} → ${JSON.stringify(o.findings)}`).join('\n  ');
    console.info(
      `secret corpus: ${secrets.length - missed.length}/${secrets.length} true positives found (${(recall * 100).toFixed(1)}%), ` +
        `${flagged.length}/${clean.length} false positives flagged (${(falsePositiveRate * 100).toFixed(1)}%)`,
    );
    expect(recall, `missed or misplaced:\n  ${names(missed)}`).toBeGreaterThanOrEqual(0.95);
    expect(falsePositiveRate, `flagged:\n  ${names(flagged)}`).toBeLessThanOrEqual(0.05);
  });

  it('covers every class of the issue with at least five cases, true and false positives alike', () => {
    const counts = new Map<string, { secret: number; clean: number }>();
    for (const c of cases) {
      const count = counts.get(c.class) ?? { secret: 0, clean: 0 };
      count[c.expect]++;
      counts.set(c.class, count);
    }
    const issueClasses = [
      'slack-webhook-any-scheme', 'slack-xoxe-in-url', 'secret-names-creds', 'secret-as-argument', 'typed-declaration',
      'php-append', 'makefile-assignment', 'xml-element-body', 'json-escaped-newlines', 'placeholder-runs',
      'descriptive-fakes', 'xoxo-in-names', 'slack-malformed', 'pem-not-key-material', 'public-token-names',
      'well-known-hashes', 'vendor-tokens', 'generic-assignments',
    ];
    expect([...counts.keys()].sort()).toEqual([...issueClasses].sort());
    const thin = [...counts].filter(([, n]) => n.secret + n.clean < 5).map(([name]) => name);
    expect(thin, 'classes with fewer than five cases').toEqual([]);
    const total = (kind: 'secret' | 'clean') => [...counts.values()].reduce((sum, n) => sum + n[kind], 0);
    expect(total('secret')).toBeGreaterThanOrEqual(50);
    expect(total('clean')).toBeGreaterThanOrEqual(50);
  });
});
