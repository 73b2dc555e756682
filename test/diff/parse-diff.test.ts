import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commentableLines, parseDiff, parsePatch, type DiffFile } from '../../src/diff/parse-diff.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.join(repoRoot, 'test/fixtures/diffs');
const probotDir = path.join(fixturesDir, 'probot');

const DIFF_DIRS = [
  probotDir,
  path.join(fixturesDir, 'octokit-webhooks.js'),
  path.join(fixturesDir, 'git-edge-cases'),
  path.join(fixturesDir, 'planted'),
];
const DIFFS = DIFF_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.diff'))
    .map((name) => path.join(dir, name)),
);

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

function parseFile(file: string): DiffFile[] {
  return parseDiff(read(file));
}

function byPath(files: DiffFile[], filePath: string): DiffFile {
  const found = files.find((file) => file.path === filePath);
  if (!found) throw new Error(`${filePath} not in [${files.map((file) => file.path).join(', ')}]`);
  return found;
}

interface NumstatRow {
  path: string;
  additions: number | null;
  deletions: number | null;
}

/**
 * `git apply --numstat -z`, run outside any repository (inside one, git apply only reports paths under the
 * current directory and prefixes them). Renames print the new name; `git diff`-style `old => new`,
 * `dir/{old => new}` and `-z` old/new pairs are accepted too.
 */
function numstat(file: string): NumstatRow[] {
  const out = execFileSync('git', ['apply', '--numstat', '-z', file], { cwd: tmpdir(), encoding: 'utf8' });
  const fields = out.split('\0');
  const rows: NumstatRow[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field === '') continue;
    const [added, deleted, ...rest] = field.split('\t');
    let name = rest.join('\t');
    if (name === '') {
      name = fields[i + 2]!; // -z rename form: "a\td\t" NUL old NUL new
      i += 2;
    }
    rows.push({
      path: renamedTo(name),
      additions: added === '-' ? null : Number(added),
      deletions: deleted === '-' ? null : Number(deleted),
    });
  }
  return rows;
}

function renamedTo(name: string): string {
  if (/\{.* => .*\}/.test(name)) return name.replace(/\{[^}]* => ([^}]*)\}/, '$1').replace(/\/\//g, '/');
  const arrow = name.indexOf(' => ');
  return arrow === -1 ? name : name.slice(arrow + 4);
}

describe('parseDiff against git apply --numstat', () => {
  it.each(DIFFS.map((file) => [path.relative(repoRoot, file), file]))(
    '%s: same files, per-file additions and deletions',
    (_name, file) => {
      const files = parseFile(file);
      const expected = numstat(file);
      expect(files.map((f) => f.path).sort()).toEqual(expected.map((row) => row.path).sort());
      for (const row of expected) {
        const parsed = byPath(files, row.path);
        if (row.additions === null) {
          expect(parsed.binary, row.path).toBe(true);
          expect(parsed.hunks).toEqual([]);
        } else {
          expect({ path: row.path, additions: parsed.additions, deletions: parsed.deletions, binary: parsed.binary }).toEqual({
            path: row.path,
            additions: row.additions,
            deletions: row.deletions,
            binary: false,
          });
        }
      }
    },
  );
});

describe('parseDiff on real git output', () => {
  it('reads a whole small diff: paths, modes, hunk header, section and line numbers', () => {
    expect(parseFile(path.join(probotDir, 'tiny-v14.3.0..v14.3.1.diff'))).toMatchInlineSnapshot(`
      [
        {
          "additions": 1,
          "binary": false,
          "deletions": 0,
          "hunks": [
            {
              "lines": [
                {
                  "content": "    help: { type: "boolean", short: "h", default: false },",
                  "kind": "context",
                  "newLine": 41,
                  "oldLine": 41,
                },
                {
                  "content": "    version: { type: "boolean", short: "v", default: false },",
                  "kind": "context",
                  "newLine": 42,
                  "oldLine": 42,
                },
                {
                  "content": "  },",
                  "kind": "context",
                  "newLine": 43,
                  "oldLine": 43,
                },
                {
                  "content": "  strict: false,",
                  "kind": "add",
                  "newLine": 44,
                },
                {
                  "content": "});",
                  "kind": "context",
                  "newLine": 45,
                  "oldLine": 44,
                },
                {
                  "content": "",
                  "kind": "context",
                  "newLine": 46,
                  "oldLine": 45,
                },
                {
                  "content": "if (values.version) {",
                  "kind": "context",
                  "newLine": 47,
                  "oldLine": 46,
                },
              ],
              "newLines": 7,
              "newStart": 41,
              "oldLines": 6,
              "oldStart": 41,
              "section": "const { values, positionals } = parseArgs({",
            },
          ],
          "newMode": "100644",
          "newPath": "src/bin/probot.ts",
          "oldMode": "100644",
          "oldPath": "src/bin/probot.ts",
          "path": "src/bin/probot.ts",
          "status": "modified",
        },
      ]
    `);
  });

  it('reads renames with their similarity index, with and without content changes', () => {
    const renames = parseFile(path.join(probotDir, '1k-renames-v7.3.1..v7.4.0.diff'));
    const stats = byPath(renames, 'test/apps/stats.test.ts');
    expect(stats).toMatchObject({ status: 'renamed', oldPath: 'test/apps/stats.test.js', newPath: 'test/apps/stats.test.ts', similarity: 52 });
    expect(stats.hunks.length).toBeGreaterThan(0);

    const pure = byPath(parseFile(path.join(probotDir, 'binary-full-39dcfcd0.diff')), 'scripts/publish-docs');
    expect(pure).toMatchObject({ status: 'renamed', oldPath: 'script/publish-docs', similarity: 100, hunks: [], additions: 0, deletions: 0 });
  });

  it('marks "Binary files ... differ" and skips GIT binary patch blocks without losing the next file', () => {
    for (const name of ['binary-png-39dcfcd0.diff', 'binary-full-39dcfcd0.diff']) {
      const files = parseFile(path.join(probotDir, name));
      expect(files).toHaveLength(19);
      expect(byPath(files, 'static/probot-head.png')).toMatchObject({ binary: true, hunks: [], additions: 0, deletions: 0 });
      expect(byPath(files, 'static/probot-head.svg')).toMatchObject({ binary: false, status: 'added', additions: 25 });
    }
    const deletedPng = byPath(parseFile(path.join(probotDir, '30k-v12.0.0..v13.0.0.diff')), 'docs/assets/probot-setup-wizzard.png');
    expect(deletedPng).toMatchObject({ binary: true, status: 'deleted', newPath: null });
  });

  it('reads deleted files: old path kept, new path null, only deletions', () => {
    const files = parseFile(path.join(probotDir, 'delete-13-files-97c40575.diff'));
    expect(files).toHaveLength(13);
    for (const file of files) {
      expect(file).toMatchObject({ status: 'deleted', newPath: null, additions: 0, path: file.oldPath });
      expect(file.oldMode).toMatch(/^100(644|755)$/);
      expect(file.hunks.every((hunk) => hunk.newStart === 0 && hunk.newLines === 0)).toBe(true);
    }
  });

  it('reads a mode-only change', () => {
    expect(parseFile(path.join(probotDir, 'modechange-5acd05d8.diff'))).toEqual([
      {
        oldPath: 'script/server',
        newPath: 'script/server',
        path: 'script/server',
        status: 'modified',
        binary: false,
        oldMode: '100644',
        newMode: '100755',
        hunks: [],
        additions: 0,
        deletions: 0,
      },
    ]);
  });

  it('marks the line before "\\ No newline at end of file"', () => {
    const file = byPath(
      parseFile(path.join(probotDir, '10k-v9.6.3..v9.6.4.diff')),
      'src/@types/@octokit/plugin-enterprise-compatibility/index.d.ts',
    );
    const lines = file.hunks.flatMap((hunk) => hunk.lines);
    const marked = lines.filter((line) => line.noNewlineAtEnd);
    expect(marked).toEqual([expect.objectContaining({ kind: 'del', content: '}' })]);
    expect(lines[lines.length - 1]).toBe(marked[0]);
  });

  it('keeps the CR of CRLF content lines', () => {
    const svg = byPath(parseFile(path.join(probotDir, 'v14-major-97c40575.diff')), 'static/robot.svg');
    const crlf = svg.hunks.flatMap((hunk) => hunk.lines).filter((line) => line.content.endsWith('\r'));
    expect(crlf.length).toBeGreaterThan(60);
  });
});

describe('parseDiff on generated edge cases (git 2.39.5, see fixtures/diffs/git-edge-cases/make.sh)', () => {
  const edge = parseFile(path.join(fixturesDir, 'git-edge-cases/edge-cases.diff'));
  const lines = (file: DiffFile) => file.hunks.flatMap((hunk) => hunk.lines);

  it('decodes quoted paths with octal escapes, tabs and quotes', () => {
    expect(byPath(edge, 'café-renamed.txt')).toMatchObject({ oldPath: 'café.txt', status: 'renamed', similarity: 66 });
    expect(byPath(edge, 'ünïcödé.md')).toMatchObject({ oldPath: null, status: 'added', newMode: '100644' });
    expect(byPath(edge, 'tab\there.txt')).toMatchObject({ oldPath: 'tab\there.txt', status: 'modified' });
    expect(byPath(edge, 'quote"d.txt')).toMatchObject({ oldPath: 'quote"d.txt', status: 'modified' });
  });

  it('reads paths with spaces, including the trailing tab git prints after them', () => {
    expect(byPath(edge, 'dir with space/name.txt')).toMatchObject({ oldPath: 'dir with space/name.txt', additions: 1, deletions: 1 });
    expect(byPath(edge, 'renamed with space.txt')).toMatchObject({ oldPath: 'with space.txt', status: 'renamed', similarity: 64 });
    expect(byPath(edge, 'sub dir/pure rename.txt')).toMatchObject({ oldPath: 'pure rename.txt', status: 'renamed', similarity: 100, hunks: [] });
  });

  it('reads copies', () => {
    expect(byPath(edge, 'copy.txt')).toMatchObject({ oldPath: 'original.txt', status: 'copied', similarity: 83, additions: 1 });
  });

  it('reads hunk headers without counts as one line', () => {
    const run = byPath(edge, 'run.sh');
    expect(run).toMatchObject({ oldMode: '100644', newMode: '100755', status: 'modified' });
    expect(run.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 });
    expect(lines(run)).toEqual([
      { kind: 'del', content: 'echo hi', oldLine: 1 },
      { kind: 'add', content: 'echo hello', newLine: 1 },
    ]);
  });

  it('reads "\\ No newline at end of file" on both sides', () => {
    expect(lines(byPath(edge, 'single.txt'))).toEqual([
      { kind: 'del', content: 'single', oldLine: 1, noNewlineAtEnd: true },
      { kind: 'add', content: 'double', newLine: 1, noNewlineAtEnd: true },
    ]);
  });

  it('reads removed and added lines that look like ---/+++ headers by the hunk counts', () => {
    expect(lines(byPath(edge, 'dashes.sql')).map((line) => [line.kind, line.content])).toEqual([
      ['context', 'keep'],
      ['del', '-- a sql comment'],
      ['del', '++ counter'],
      ['add', '--- a longer sql comment'],
      ['add', '+++ counter'],
      ['context', 'end'],
    ]);
  });

  it('keeps CRLF and non-ASCII content as is', () => {
    expect(lines(byPath(edge, 'crlf.txt')).map((line) => line.content)).toEqual(['line one\r', 'line two\r', 'line 2\r', 'line three\r']);
    expect(lines(byPath(edge, 'ünïcödé.md')).map((line) => line.content)).toEqual(['日本語のテキスト 🎉', 'naïve café']);
  });

  it('reads empty new files, deleted files and binary files', () => {
    expect(byPath(edge, 'empty.txt')).toMatchObject({ status: 'added', hunks: [], binary: false });
    expect(byPath(edge, 'removed.txt')).toMatchObject({ status: 'deleted', newPath: null, deletions: 2 });
    expect(byPath(edge, 'new.png')).toMatchObject({ status: 'added', binary: true });
    expect(byPath(edge, 'blob.bin')).toMatchObject({ status: 'modified', binary: true });
  });

  it('parses --binary output into the same files as the plain output', () => {
    const binary = parseFile(path.join(fixturesDir, 'git-edge-cases/edge-cases-binary.diff'));
    expect(binary).toEqual(edge);
  });

  it('reads `diff -ruN` output without diff --git lines, stripping one directory like git apply', () => {
    const plain = parseFile(path.join(fixturesDir, 'git-edge-cases/plain-diff-ruN.diff'));
    expect(plain.map(({ path: p, oldPath, newPath, status, additions, deletions }) => ({ p, oldPath, newPath, status, additions, deletions }))).toEqual([
      { p: 'src/fresh.c', oldPath: null, newPath: 'src/fresh.c', status: 'added', additions: 1, deletions: 0 },
      { p: 'src/gone.c', oldPath: 'src/gone.c', newPath: null, status: 'deleted', additions: 0, deletions: 1 },
      { p: 'src/keep.c', oldPath: 'src/keep.c', newPath: 'src/keep.c', status: 'modified', additions: 2, deletions: 1 },
    ]);
  });

  it('reads a/ b/ diffs without diff --git lines (git output with its extended headers stripped)', () => {
    const text = read(path.join(probotDir, '1k-v13.4.4..v13.4.5.diff'));
    const plain = text
      .split('\n')
      .filter((line) => !line.startsWith('diff --git ') && !line.startsWith('index '))
      .join('\n');
    const summary = (files: DiffFile[]) => files.map((f) => ({ path: f.path, oldPath: f.oldPath, status: f.status, hunks: f.hunks }));
    expect(summary(parseDiff(plain))).toEqual(summary(parseDiff(text)));
  });

  it('takes the name from the diff --git line when nothing else names the file', () => {
    expect(byPath(edge, 'logo with space.png')).toMatchObject({ oldPath: null, status: 'added', binary: true });
  });

  it('reads a diff whose every line ends in CRLF (sent through a Windows tool)', () => {
    const text = read(path.join(probotDir, 'small-v14.3.1..v14.3.2.diff'));
    const lf = parseDiff(text);
    const crlf = parseDiff(text.replace(/\n/g, '\r\n'));
    expect(crlf.map((file) => [file.path, file.status, file.additions, file.deletions])).toEqual(
      lf.map((file) => [file.path, file.status, file.additions, file.deletions]),
    );
  });

  it('returns no files for text that is not a diff', () => {
    expect(parseDiff('')).toEqual([]);
    expect(parseDiff('<html><body>502 Bad Gateway</body></html>\n')).toEqual([]);
  });
});

describe('parsePatch', () => {
  it("reads GitHub's per-file patch field into the same hunks as the full diff", () => {
    const shaped = JSON.parse(read(path.join(probotDir, 'pulls-files-shaped-v13.4.4..v13.4.5.json'))) as {
      files: { filename: string; additions: number; deletions: number; patch: string }[];
    };
    const full = parseFile(path.join(probotDir, '1k-v13.4.4..v13.4.5.diff'));
    expect(shaped.files).toHaveLength(full.length);
    for (const entry of shaped.files) {
      const hunks = parsePatch(entry.patch);
      const lines = hunks.flatMap((hunk) => hunk.lines);
      expect(lines.filter((line) => line.kind === 'add')).toHaveLength(entry.additions);
      expect(lines.filter((line) => line.kind === 'del')).toHaveLength(entry.deletions);
      expect(hunks).toEqual(byPath(full, entry.filename).hunks);
    }
  });
});

describe('commentableLines', () => {
  it('lists the new-side lines of added and context lines', () => {
    const [file] = parseFile(path.join(probotDir, 'tiny-v14.3.0..v14.3.1.diff'));
    expect([...commentableLines(file!)]).toEqual([41, 42, 43, 44, 45, 46, 47]);
  });

  it('lists nothing for deleted files', () => {
    for (const file of parseFile(path.join(probotDir, 'delete-13-files-97c40575.diff'))) {
      expect(commentableLines(file).size).toBe(0);
    }
  });

  it('skips removed lines', () => {
    const run = byPath(parseFile(path.join(fixturesDir, 'git-edge-cases/edge-cases.diff')), 'dashes.sql');
    expect([...commentableLines(run)]).toEqual([1, 2, 3, 4]);
  });
});

describe('performance', () => {
  it('parses the 31,660-line corpus diff in linear time', () => {
    const text = read(path.join(probotDir, '30k-v12.0.0..v13.0.0.diff'));
    parseDiff(text); // warm up the JIT
    const started = performance.now();
    const files = parseDiff(text);
    const elapsed = performance.now() - started;
    expect(files).toHaveLength(106);
    // Typically ~15 ms; the bound only catches accidental quadratic behaviour on a slow machine.
    expect(elapsed).toBeLessThan(500);
  });
});
