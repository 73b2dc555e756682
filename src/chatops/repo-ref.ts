/**
 * A repository, and optionally a pull request or issue in it, as people paste it into a chat: `acme/api#42`,
 * `acme/api`, a github.com pull or issue URL, or such a URL as Slack wraps it (`<url>`, `<url|label>`).
 * Anything else is no reference. Pure, and bounded: text longer than any reference is rejected before a scan.
 */
export interface RepoRef {
  /** `owner/name`, as written. */
  repo: string;
  number?: number;
}

/** Longer than `https://github.com/` + a 39-character owner + a 100-character name + `/issues/` + a number, and some. */
const MAX_LENGTH = 400;

// Owner: GitHub's login rule (letters, digits, inner hyphens, at most 39). Name: letters, digits, `.`, `_`, `-`.
// The classes exclude `/`, `#` and `|`, so each anchored pattern matches in one pass without backtracking.
const SHORT = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})(?:#([1-9][0-9]{0,9}))?$/;
const GITHUB_URL = /^https:\/\/(?:www\.)?github\.com\/([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})(?:\/(?:pull|issues)\/([1-9][0-9]{0,9}))?\/?$/;

export function parseRepoRef(text: string): RepoRef | undefined {
  if (text.length > MAX_LENGTH) return undefined;
  const trimmed = text.trim();
  const link = slackLinkTarget(trimmed);
  const match = link !== undefined ? GITHUB_URL.exec(link) : (SHORT.exec(trimmed) ?? GITHUB_URL.exec(trimmed));
  if (!match) return undefined;
  const [, owner, name, number] = match;
  if (name === '.' || name === '..') return undefined;
  const ref: RepoRef = { repo: `${owner}/${name}` };
  if (number !== undefined) {
    const value = Number(number);
    if (!Number.isSafeInteger(value) || value > 2_147_483_647) return undefined;
    ref.number = value;
  }
  return ref;
}

/** `<url>` or `<url|label>` → `url`: Slack's link markup. The label is shown text only; the URL decides. */
function slackLinkTarget(text: string): string | undefined {
  if (!text.startsWith('<') || !text.endsWith('>')) return undefined;
  const inner = text.slice(1, -1);
  const bar = inner.indexOf('|');
  return bar === -1 ? inner : inner.slice(0, bar);
}
