import { isGenerated } from '../../../analysis/paths.js';

/** The fields of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files` entries that the diff needs. */
export interface PullFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  changes?: number;
  patch?: string;
  previous_filename?: string;
}

export interface PrFile {
  path: string;
  previousPath?: string;
  status: string;
  additions: number;
  deletions: number;
  binary: boolean;
  generated: boolean;
  /** GitHub sent no patch although lines changed (a very large file): the file is listed but not analyzed. */
  patchOmitted: boolean;
}

/**
 * Turns the PR's file list back into one unified diff that `diff.analyze` reads like `git diff` output.
 * A file with changes but no `patch` is binary when nothing was counted, otherwise too large for GitHub to
 * show; both get a `Binary files ... differ` stanza so the parser lists them without hunks.
 */
export function pullFilesToDiff(files: readonly PullFile[], extraGenerated: (path: string) => boolean = () => false): { diff: string; files: PrFile[] } {
  const out: string[] = [];
  const listed: PrFile[] = [];
  for (const file of files) {
    const oldPath = file.previous_filename ?? file.filename;
    const noPatch = file.patch === undefined || file.patch === '';
    const binary = noPatch && file.additions === 0 && file.deletions === 0 && file.status !== 'renamed';
    const entry: PrFile = {
      path: file.filename,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      binary,
      generated: isGenerated(file.filename) || extraGenerated(file.filename),
      patchOmitted: noPatch && !binary && (file.additions > 0 || file.deletions > 0),
    };
    if (file.previous_filename) entry.previousPath = file.previous_filename;
    listed.push(entry);

    out.push(`diff --git a/${oldPath} b/${file.filename}`);
    if (file.status === 'added') out.push('new file mode 100644');
    if (file.status === 'removed') out.push('deleted file mode 100644');
    if (file.status === 'renamed' && file.previous_filename) out.push(`rename from ${file.previous_filename}`, `rename to ${file.filename}`);
    if (noPatch) {
      if (binary || entry.patchOmitted) out.push(`Binary files a/${oldPath} and b/${file.filename} differ`);
      continue;
    }
    out.push(file.status === 'added' ? '--- /dev/null' : `--- a/${oldPath}`);
    out.push(file.status === 'removed' ? '+++ /dev/null' : `+++ b/${file.filename}`);
    out.push(file.patch!.endsWith('\n') ? file.patch!.slice(0, -1) : file.patch!);
  }
  return { diff: out.length ? `${out.join('\n')}\n` : '', files: listed };
}
