// Trimmed context and unpadded numbers keep line numbers exact: on the real probot diffs, every number the
// model reads is the new-side line whose text follows it, no two distant lines look adjacent, and a finding
// at any shown line stays inline.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDiff, type DiffFile } from '../../src/diff/parse-diff.js';
import { planUnits, type ReviewUnit } from '../../src/llm/review/pack.js';
import { GAP_LINE } from '../../src/llm/review/render-hunk.js';
import { validateLines } from '../../src/llm/review/validate-lines.js';
import { tokenCounter } from '../../src/llm/tokens.js';

const CORPUS = fileURLToPath(new URL('../fixtures/diffs/probot', import.meta.url));
const count = tokenCounter('openai', 'gpt-4.1-mini');

/**
 * New-side line number → text for each file, read straight from the diff's text (not through parseDiff):
 * the part of every new file a diff carries.
 */
function newFilesOf(diff: string): Map<string, Map<number, string>> {
  const files = new Map<string, Map<number, string>>();
  const lines = diff.split('\n');
  let current: Map<number, string> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('+++ ')) {
      current = line === '+++ /dev/null' ? undefined : new Map();
      if (current) files.set(line.slice('+++ b/'.length), current);
      continue;
    }
    const header = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!header || !current) continue;
    let oldLeft = Number(header[1] ?? 1);
    let newLeft = Number(header[3] ?? 1);
    let number = Number(header[2]);
    while (oldLeft > 0 || newLeft > 0) {
      const body = lines[++i]!;
      if (body.startsWith('\\')) continue;
      const text = body.slice(1).replace(/\r$/, '');
      if (body[0] !== '+') oldLeft--;
      if (body[0] !== '-') {
        current.set(number++, text);
        newLeft--;
      }
    }
  }
  return files;
}

/** Checks each unit's text line by line; returns the new-side lines it shows and how many gaps it has. */
function checkUnit(unit: ReviewUnit, newFile: ReadonlyMap<number, string>): { shown: number[]; gaps: number } {
  const [header, ...body] = unit.text.split('\n');
  const range = /^@@ lines (\d+)-(\d+)(?: \(part \d+ of \d+\))? @@/.exec(header!);
  const shown: number[] = [];
  let gaps = 0;
  let adjacent = false;
  for (const line of body) {
    const numbered = /^(\d+) [+ ](.*)$/s.exec(line);
    if (numbered) {
      const number = Number(numbered[1]);
      expect(numbered[2], `${unit.path}:${number}`).toBe(newFile.get(number));
      // Lines shown one after the other, with nothing but removed lines between them, are neighbours.
      if (adjacent) expect(number, `${unit.path}:${number} follows ${shown.at(-1)} with no gap line`).toBe(shown.at(-1)! + 1);
      shown.push(number);
      adjacent = true;
    } else if (line === GAP_LINE) {
      expect(adjacent, `${unit.path}: a gap line between two shown lines`).toBe(true);
      gaps++;
      adjacent = false;
    } else {
      expect(line, `${unit.path}: a removed line`).toMatch(/^-/);
    }
  }
  if (shown.length) expect(range && [Number(range[1]), Number(range[2])], unit.text.slice(0, 80)).toEqual([shown[0], shown.at(-1)]);
  return { shown, gaps };
}

const DIFFS = ['1k-v13.4.4..v13.4.5', '1k-renames-v7.3.1..v7.4.0', '3k-v14.2.4..v14.3.0', '10k-v10.19.0..v11.0.0', '10k-v9.6.3..v9.6.4', '30k-v12.0.0..v13.0.0'];

describe.each(DIFFS)('rendering %s', (name) => {
  const diff = readFileSync(`${CORPUS}/${name}.diff`, 'utf8');
  const files: DiffFile[] = parseDiff(diff);
  const newFiles = newFilesOf(diff);

  // A roomy budget renders everything (snapshots, lockfiles, removed-only hunks); a tight one splits hunks into parts.
  it.each([10_000_000, 3_000])('at a %i-token budget, numbers every shown line with the line whose text follows, and every shown line validates inline', (budget) => {
    const plan = planUnits(files, { maxPromptTokens: budget, overheadTokens: 500, countTokens: count });
    let gaps = 0;
    let hidden = 0;
    const findings: { file: string; line: number; message: string }[] = [];
    for (const file of plan.files) {
      const newFile = newFiles.get(file.path);
      expect(newFile, file.path).toBeDefined();
      for (const unit of file.units) {
        const checked = checkUnit(unit, newFile!);
        gaps += checked.gaps;
        findings.push(...checked.shown.map((line) => ({ file: file.path, line, message: 'x' })));
      }
      hidden += newFile!.size - findings.filter((f) => f.file === file.path).length;
    }
    const { inline, summary, dropped } = validateLines(files, findings);
    expect(summary).toEqual([]);
    expect(dropped).toEqual([]);
    expect(inline).toHaveLength(findings.length);
    if (name.startsWith('30k') || name.startsWith('10k-v10')) {
      // Not a vacuous pass: context was trimmed, and gaps within hunks were marked.
      expect(hidden).toBeGreaterThan(0);
      expect(gaps).toBeGreaterThan(0);
    }
  });
});

describe('context widened to the enclosing function', () => {
  it('is shown whole, numbered by the source', () => {
    const source = ['export function area(r: number) {', '  // a', '  // b', '  // c', '  // d', '  const pi = 3.14;', '  return pi * r * r;', '}'];
    const diff = [
      'diff --git a/src/area.ts b/src/area.ts',
      '--- a/src/area.ts',
      '+++ b/src/area.ts',
      '@@ -4,4 +4,4 @@ export function area(r: number) {',
      '   // c',
      '   // d',
      '-  const pi = 3;',
      '+  const pi = 3.14;',
      '   return pi * r * r;',
      '',
    ].join('\n');
    const plan = planUnits(parseDiff(diff), { maxPromptTokens: 4000, overheadTokens: 100, countTokens: count, sources: { 'src/area.ts': source.join('\n') } });
    expect(plan.files[0]!.units[0]!.text).toBe(
      [
        '@@ lines 1-7 @@ export function area(r: number) {',
        '1  export function area(r: number) {',
        '2    // a',
        '3    // b',
        '4    // c',
        '5    // d',
        '-  const pi = 3;',
        '6 +  const pi = 3.14;',
        '7    return pi * r * r;',
      ].join('\n'),
    );
  });
});
