import { readName, splitGitHeader, stripPrefix } from './git-path.js';

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

export interface DiffLine {
  kind: 'add' | 'del' | 'context';
  /** The line without its leading `+`/`-`/` ` and without `\n`; a CR of a CRLF line is kept. */
  content: string;
  oldLine?: number;
  newLine?: number;
  /** Followed by `\ No newline at end of file`. */
  noNewlineAtEnd?: boolean;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second `@@` (usually the enclosing function), without the separating space. */
  section: string;
  lines: DiffLine[];
}

export interface DiffFile {
  oldPath: string | null;
  newPath: string | null;
  /** The new path, or the old path for deletions. */
  path: string;
  status: DiffFileStatus;
  binary: boolean;
  oldMode?: string;
  newMode?: string;
  /** `similarity index` of renames and copies, in percent. */
  similarity?: number;
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(?: (.*)|(.*))$/;

/**
 * Parses the output of `git diff` (any options, including `--binary`, `-M`, `-C`) or of `diff -u`/`diff -ruN`.
 * Hunk bodies are read by their line counts, so a removed line that starts with `--` never looks like a
 * header. Text that is not part of a file (mail headers, `Only in ...`, signatures) is skipped.
 */
export function parseDiff(text: string): DiffFile[] {
  const lines = splitLines(text);
  const files: DiffFile[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      i = parseGitFile(lines, i, files);
    } else if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      i = parsePlainFile(lines, i, files);
    } else {
      i++;
    }
  }
  return files;
}

/** Parses GitHub's `patch` field (`GET /pulls/{n}/files`): hunks without file headers, no final newline. */
export function parsePatch(patch: string): DiffHunk[] {
  const lines = splitLines(patch);
  const hunks: DiffHunk[] = [];
  let i = 0;
  while (i < lines.length) {
    const parsed = lines[i]!.startsWith('@@ ') ? parseHunk(lines, i) : undefined;
    if (parsed) {
      hunks.push(parsed.hunk);
      i = parsed.next;
    } else {
      i++;
    }
  }
  return hunks;
}

/** New-side line numbers present in the diff (added or context): where inline review comments can go. */
export function commentableLines(file: DiffFile): Set<number> {
  const result = new Set<number>();
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) if (line.newLine !== undefined) result.add(line.newLine);
  }
  return result;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function header(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function emptyFile(): DiffFile {
  return { oldPath: null, newPath: null, path: '', status: 'modified', binary: false, hunks: [], additions: 0, deletions: 0 };
}

function parseGitFile(lines: string[], start: number, files: DiffFile[]): number {
  const file = emptyFile();
  let status: DiffFileStatus | undefined;
  const names = splitGitHeader(header(lines[start]!).slice('diff --git '.length));
  if (names) {
    file.oldPath = stripPrefix(names.a, 'a/');
    file.newPath = stripPrefix(names.b, 'b/');
  }
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = header(lines[i]!);
    if (line.startsWith('index ')) {
      const mode = line.split(' ')[2];
      if (mode) {
        file.oldMode ??= mode;
        file.newMode ??= mode;
      }
    } else if (line.startsWith('old mode ')) {
      file.oldMode = line.slice('old mode '.length);
    } else if (line.startsWith('new mode ')) {
      file.newMode = line.slice('new mode '.length);
    } else if (line.startsWith('new file mode ')) {
      status = 'added';
      file.newMode = line.slice('new file mode '.length);
    } else if (line.startsWith('deleted file mode ')) {
      status = 'deleted';
      file.oldMode = line.slice('deleted file mode '.length);
    } else if (line.startsWith('similarity index ')) {
      file.similarity = parseInt(line.slice('similarity index '.length), 10);
    } else if (line.startsWith('dissimilarity index ')) {
      // Rewrites (`-B`): nothing to keep.
    } else if (line.startsWith('rename from ') || line.startsWith('copy from ')) {
      status = line.startsWith('rename') ? 'renamed' : 'copied';
      file.oldPath = readName(line.slice(line.indexOf(' from ') + ' from '.length));
    } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
      file.newPath = readName(line.slice(line.indexOf(' to ') + ' to '.length));
    } else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      file.binary = true;
    } else if (line === 'GIT binary patch') {
      file.binary = true;
      // literal/delta blocks of base85 lines; none of them can start with `diff --git `.
      i++;
      while (i < lines.length && !lines[i]!.startsWith('diff --git ')) i++;
      break;
    } else if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      file.oldPath = stripPrefix(readName(line.slice(4)), 'a/');
      file.newPath = stripPrefix(readName(header(lines[i + 1]!).slice(4)), 'b/');
      i += 2;
      break;
    } else {
      break; // first line that is not an extended header
    }
  }
  i = readHunks(lines, i, file);
  file.status = status ?? (file.oldPath === null ? 'added' : file.newPath === null ? 'deleted' : 'modified');
  if (file.status === 'added') file.oldPath = null;
  if (file.status === 'deleted') file.newPath = null;
  file.path = file.newPath ?? file.oldPath ?? '';
  files.push(file);
  return i;
}

/** A `--- x` / `+++ y` pair without `diff --git` (GNU diff, svn, hand-written patches): strip one directory like `git apply -p1`. */
function parsePlainFile(lines: string[], start: number, files: DiffFile[]): number {
  const file = emptyFile();
  const oldName = readName(header(lines[start]!).slice(4));
  const newName = readName(header(lines[start + 1]!).slice(4));
  file.oldPath = oldName === '/dev/null' ? null : stripComponent(oldName);
  file.newPath = newName === '/dev/null' ? null : stripComponent(newName);
  const next = readHunks(lines, start + 2, file);
  const [only] = file.hunks;
  const created = file.oldPath === null || (file.hunks.length === 1 && only!.oldStart === 0 && only!.oldLines === 0);
  const removed = file.newPath === null || (file.hunks.length === 1 && only!.newStart === 0 && only!.newLines === 0);
  if (created && !removed) {
    file.status = 'added';
    file.oldPath = null;
  } else if (removed && !created) {
    file.status = 'deleted';
    file.newPath = null;
  }
  file.path = file.newPath ?? file.oldPath ?? '';
  files.push(file);
  return next;
}

function stripComponent(name: string): string {
  const slash = name.indexOf('/');
  return slash === -1 ? name : name.slice(slash + 1);
}

function readHunks(lines: string[], start: number, file: DiffFile): number {
  let i = start;
  while (i < lines.length && lines[i]!.startsWith('@@ ')) {
    const parsed = parseHunk(lines, i);
    if (!parsed) break;
    file.hunks.push(parsed.hunk);
    for (const line of parsed.hunk.lines) {
      if (line.kind === 'add') file.additions++;
      else if (line.kind === 'del') file.deletions++;
    }
    i = parsed.next;
  }
  return i;
}

function parseHunk(lines: string[], start: number): { hunk: DiffHunk; next: number } | undefined {
  const match = HUNK_HEADER.exec(header(lines[start]!));
  if (!match) return undefined;
  const hunk: DiffHunk = {
    oldStart: Number(match[1]),
    oldLines: match[2] === undefined ? 1 : Number(match[2]),
    newStart: Number(match[3]),
    newLines: match[4] === undefined ? 1 : Number(match[4]),
    section: match[5] ?? match[6] ?? '',
    lines: [],
  };
  let oldLeft = hunk.oldLines;
  let newLeft = hunk.newLines;
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const text = lines[i]!;
    const marker = text.charCodeAt(0);
    if (marker === 0x5c /* \ */) {
      const last = hunk.lines[hunk.lines.length - 1];
      if (last) last.noNewlineAtEnd = true;
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) break;
    if (marker === 0x2d /* - */ && oldLeft > 0) {
      hunk.lines.push({ kind: 'del', content: text.slice(1), oldLine: oldLine++ });
      oldLeft--;
    } else if (marker === 0x2b /* + */ && newLeft > 0) {
      hunk.lines.push({ kind: 'add', content: text.slice(1), newLine: newLine++ });
      newLeft--;
    } else if ((marker === 0x20 /*   */ || text === '' || text === '\r') && oldLeft > 0 && newLeft > 0) {
      // An empty line is a context line whose trailing space was stripped (mail clients, editors).
      hunk.lines.push({ kind: 'context', content: text.slice(1), oldLine: oldLine++, newLine: newLine++ });
      oldLeft--;
      newLeft--;
    } else {
      break; // truncated or malformed hunk: keep what was read
    }
  }
  return { hunk, next: i };
}
