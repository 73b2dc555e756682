// Lines built to make backtracking regexes restart at every position: each must be scanned in linear time
// (a hang here fails on the 30 s test timeout), and a real secret anywhere in such a line is found once.
import { describe, expect, it } from 'vitest';
import { WINDOW } from '../../src/analysis/line-windows.js';
import { scanLine, type SecretRuleOptions } from '../../src/analysis/rules/secret.js';
import { redactText } from '../../src/llm/redact.js';
import { SECRETS, addedFileDiff, analyzeText, onlyRule } from './helpers.js';

const MB = 1 << 20;
const OPTIONS: SecretRuleOptions = { entropy: 3.5, minLength: 12, sampleSeverity: 'warning', placeholders: [] };

/** `unit` repeated to one million characters. */
const fill = (unit: string, length = MB): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const quote = (q: string) => `token = ${q}${fill('a')}`;

// Vendor prefixes are split so that this file holds no credential-shaped literal.
const PREFIXES = ['sk-', ['sk', '-ant-'].join(''), 'aws', 'aws_secret_access_key=', 'AKIA', 'xox', ['xo', 'xb-'].join(''), 'xapp-1-', 'ghp_', ['github', '_pat_'].join(''), 'https://hooks.slack.com/services/', ['-----BEGIN RSA ', 'PRIVATE KEY-----'].join(''), 'eyJ', 'Bearer ', 'https://user:',
  ['xo', 'xp-12345678-'].join(''), ['xo', 'xe-1-'].join(''), ['xo', 'xe.xoxp-1-'].join(''), ['xa', 'pp-1-A12345678-'].join(''), 'hooks.slack.com/services/', 'http://hooks.slack.com/'];

const CORPUS: Record<string, string> = {
  'one letter': fill('a'),
  'one capital, then an assignment': `${fill('A')} = "Zq8Lr2Vx9TmWk4Fs"`,
  'letters then =': `${fill('a')}=`,
  'letters then :': `${fill('a')}:`,
  'letters then a quoted assignment': `${fill('a')} = "x"`,
  'dotted name': `${fill('a.')}=`,
  'dashed name': `${fill('a-')}: `,
  'digits': `${fill('1')}=`,
  'underscores': fill('_'),
  'dashes': fill('-'),
  'base64': `${fill('Ab3+/9xZ')}==`,
  'spaces then =': `a${fill(' ')}=`,
  'unclosed double quote': quote('"'),
  "unclosed single quote": quote("'"),
  'unclosed backquote': quote('`'),
  'many quoted assignments': fill('k="v";'),
  'a URL with colons': `token = "s3://${fill('a:')}"`,
  'a scheme-like run': `${fill('a')}://`,
  'TODO then spaces': `// TODO note${fill(' ')}x`,
  'minified JavaScript': fill('var a="b",c=1;function d(e){console.log(e)}'),
  'repeated private key headers': fill(`${PREFIXES[11]} `),
  'a private key header then base64': `"${PREFIXES[11]}\\n${fill('Ab3+/9xZ')}`,
  'private key headers each followed by a short body': fill(`${PREFIXES[11]}\\nAb3\\n`),
  // Assignment shapes of issue 8: typed declarations, operators, arguments, XML bodies, escaped lines.
  'words separated by spaces': fill('a '),
  'words separated by tabs': fill('a\t'),
  'typed names': fill('a: a '),
  'a name then a million spaces then a type': `token${fill(' ')}string = "Zq8Lr2Vx9TmWk4Fs"`,
  'PHP appends': fill('$a .= '),
  'Makefile operators': fill('::='),
  'Makefile assignments without values': fill('a :::= '),
  'conditional assignments': fill('a ?= a ??= a ||= '),
  'unclosed getenv calls': fill('getenv("'),
  'argument pairs without values': fill('("token", '),
  'an argument value never closed': `getenv("token", "${fill('a1')}`,
  'opening tags': fill('<password>'),
  'an element body never closed': `<password>${fill('a1')}`,
  'property list keys': fill('<key>token</key>'),
  'escaped newlines': fill('\\n'),
  'escaped assignments': fill('"a=\\n'),
  'an escaped assignment never ended': `"token=${fill('a1')}`,
  ...Object.fromEntries(PREFIXES.flatMap((prefix) => [
    [`${prefix} then a long run`, `${prefix}${fill('a1')}_`],
    [`${prefix} repeated`, fill(prefix)],
  ])),
};

describe('pathological lines', () => {
  it.each(Object.entries(CORPUS))('scans a million-character line of %s in linear time', (_name, line) => {
    expect(line.length).toBeGreaterThanOrEqual(MB);
    expect(Array.isArray(scanLine(line, true, OPTIONS))).toBe(true);
    expect(analyzeText(addedFileDiff('src/bundle.js', [line])).stats.additions).toBe(1);
    expect(analyzeText(addedFileDiff('.env', [line])).stats.additions).toBe(1);
    expect(redactText(line).text.length).toBeGreaterThan(0);
  });
});

describe('pathological neighbours', () => {
  // The secret rule reads the lines around an added line for XML bodies and private key headers.
  const blocks: Record<string, string[]> = {
    'an element body of a million characters': ['<password>', fill('a1'), '</password>'],
    'a million-character opening tag line': [`<${fill('a')}>`, 'Zq8Lr2Vx9TmWk4Fs', `</${fill('a')}>`],
    'a property list key line of a million characters': [fill('<key>token</key>'), `<string>${fill('a1')}</string>`],
    'a private key header before a million-character line': [PREFIXES[11]!, fill(' Ab3+/9xZ')],
  };

  it.each(Object.entries(blocks))('scans %s in linear time', (_name, lines) => {
    expect(analyzeText(addedFileDiff('src/bundle.js', lines)).stats.additions).toBe(lines.length);
  });
});

describe('a secret in a million-character line', () => {
  const filler = fill('var a=1;');
  const token = SECRETS.GITHUB_TOKEN;
  const plantAt = (at: number, secret = token) => `${filler.slice(0, at)} ${secret} ${filler.slice(at)}`;
  const places = { start: 0, middle: MB / 2, end: MB, 'a window edge': 3 * WINDOW - 20 };

  it.each(Object.entries(places))('is found exactly once at the %s', (_where, at) => {
    const line = plantAt(at);
    expect(scanLine(line, false, OPTIONS).map(({ start, end }) => [start, end])).toEqual([[at + 1, at + 1 + token.length]]);
    const findings = onlyRule(analyzeText(addedFileDiff('src/bundle.js', [line])).findings, 'secret');
    expect(findings.map((finding) => finding.message)).toEqual([`GitHub personal access token committed (ghp_…${token.slice(-4)})`]);
  });

  it('finds a Slack token and a hardcoded password that straddle window edges, once each', () => {
    const assignment = 'dbPassword = "Zq8Lr2Vx9TmWk4Fs"';
    const head = `${filler.slice(0, WINDOW - 10)} ${SECRETS.SLACK_BOT_TOKEN} `;
    const line = `${head}${filler.slice(0, 2 * WINDOW - 11 - head.length)} ${assignment} ${filler}`;
    expect(line.indexOf(assignment)).toBe(2 * WINDOW - 10);
    const messages = onlyRule(analyzeText(addedFileDiff('src/bundle.js', [line])).findings, 'secret').map((finding) => finding.message);
    expect(messages).toEqual([
      'Hardcoded secret assigned to "dbPassword" (…k4Fs, 16 characters)',
      `Slack bot token committed (xoxb-…${SECRETS.SLACK_BOT_TOKEN.slice(-4)})`,
    ]);
  });

  it('reports each of fifty thousand keys on one line once', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `${['AK', 'IA'].join('')}${SECRETS.AWS_ACCESS_KEY_ID.slice(4, 10)}${String(i).padStart(10, '0')}`);
    const hits = scanLine(keys.join(' '), false, OPTIONS);
    expect(hits).toHaveLength(keys.length);
    expect(new Set(hits.map((hit) => hit.start)).size).toBe(keys.length);
  });

  it('masks a token planted in a million-character prompt line', () => {
    const { text, redactions } = redactText(plantAt(MB / 2));
    expect(redactions).toBe(1);
    expect(text).not.toContain(token);
  });
});
