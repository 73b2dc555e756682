import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addedFileDiff, analyzeText, located, octokitDir, onlyRule, probotDir, readDiff, readPlanted } from './helpers.js';

const conflictsOf = (text: string) => onlyRule(analyzeText(text).findings, 'merge-conflict');

describe('merge-conflict rule', () => {
  it('reports the three marker lines of a planted conflict at their new-side lines', () => {
    const findings = conflictsOf(readPlanted('planted-1k-v13.4.4..v13.4.5.diff'));
    expect(located(findings)).toEqual([
      'error merge-conflict src/create-node-middleware.ts:13',
      'error merge-conflict src/create-node-middleware.ts:15',
      'error merge-conflict src/create-node-middleware.ts:17',
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'Merge conflict marker <<<<<<< left in the file',
      'Merge conflict marker ======= left in the file',
      'Merge conflict marker >>>>>>> left in the file',
    ]);
  });

  it('finds nothing in the unmodified corpora', () => {
    for (const dir of [probotDir, octokitDir]) {
      for (const name of readdirSync(dir).filter((file) => file.endsWith('.diff'))) {
        expect(conflictsOf(readDiff(path.join(dir, name))), name).toEqual([]);
      }
    }
  });

  it('does not mistake a Markdown heading underline for a separator', () => {
    expect(conflictsOf(addedFileDiff('docs/guide.md', ['Guide', '=======', '', 'Text.']))).toEqual([]);
  });

  it('reports diff3 base markers and conflicts in lockfiles, which break installs', () => {
    const lockfile = addedFileDiff('package-lock.json', [
      '{',
      '<<<<<<< HEAD',
      '  "version": "1.0.0",',
      '||||||| merged common ancestors',
      '  "version": "0.9.0",',
      '=======',
      '  "version": "1.1.0",',
      '>>>>>>> main',
      '}',
    ]);
    expect(located(conflictsOf(lockfile))).toEqual([
      'error merge-conflict package-lock.json:2',
      'error merge-conflict package-lock.json:4',
      'error merge-conflict package-lock.json:6',
      'error merge-conflict package-lock.json:8',
    ]);
  });
});
