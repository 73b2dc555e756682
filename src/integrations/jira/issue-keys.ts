/**
 * Jira issue keys (`ABC-123`) in the text a pull request carries: its title, branch name and commit messages.
 * Pure, one pass over each text: a key is found only on word boundaries (`xABC-1` and `ABC-1x` are not keys,
 * `feature/ABC-12-thing` holds one), in order of first appearance and without repeats.
 */

export interface KeySources {
  title?: string | undefined;
  branch?: string | undefined;
  commits?: readonly string[] | undefined;
}

/** `projectKeys` empty: any `[A-Z][A-Z0-9_]+-\d+`; otherwise only keys of those projects. */
export function findIssueKeys(sources: KeySources, projectKeys: readonly string[] = []): string[] {
  const projects = projectKeys.length ? new Set(projectKeys) : undefined;
  const found = new Set<string>();
  for (const text of [sources.title, sources.branch, ...(sources.commits ?? [])]) {
    if (text) scan(text, projects, found);
  }
  return [...found];
}

function scan(text: string, projects: Set<string> | undefined, found: Set<string>): void {
  for (let start = 0; start < text.length; start++) {
    // A key starts a word: the character before is not a letter, digit or `_`.
    if (!isUpper(text.charCodeAt(start)) || (start > 0 && isWord(text.charCodeAt(start - 1)))) continue;
    let dash = start + 1;
    while (dash < text.length && isProjectChar(text.charCodeAt(dash))) dash++;
    if (dash - start < 2 || text.charCodeAt(dash) !== DASH) {
      start = dash - 1;
      continue;
    }
    let end = dash + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    // ... and ends one: `ABC-12-thing` and `ABC-12.` hold a key, `ABC-12x` does not.
    if (end > dash + 1 && (end === text.length || !isWord(text.charCodeAt(end)))) {
      if (!projects || projects.has(text.slice(start, dash))) found.add(text.slice(start, end));
    }
    // Every position up to `end` continues a word, so none of them can start a key.
    start = Math.max(start, end - 1);
  }
}

const DASH = 0x2d;
const isUpper = (code: number) => code >= 0x41 && code <= 0x5a;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isProjectChar = (code: number) => isUpper(code) || isDigit(code) || code === 0x5f;
const isWord = (code: number) => isProjectChar(code) || (code >= 0x61 && code <= 0x7a);
