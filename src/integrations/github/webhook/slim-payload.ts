/** Link fields kept: the ones a person opens. API URL templates (`*_url`, `url`, `_links`) and node ids are dropped. */
const KEPT_URLS = new Set(['html_url', 'diff_url', 'patch_url']);
/** What a workflow reads of the head and base repositories; the full `repository` stays at the top level. */
const BRANCH_REPO_FIELDS = ['id', 'name', 'full_name', 'private', 'fork', 'html_url', 'default_branch'] as const;

/**
 * Longest text kept per string field (PR, issue, comment and review bodies, commit messages): more than the
 * LLM prompts read of a body (4,000 characters for describe/ask, 8,000 for triage). GitHub allows 65,536.
 */
export const MAX_STORED_TEXT = 8_000;

/**
 * The webhook payload as stored with a run: every field except REST API URLs (derivable from the repository
 * and number), GraphQL node ids, and the copies of the repository under `pull_request.head/base`, which
 * shrink to their identity; strings longer than `MAX_STORED_TEXT` are cut, with a note saying so. A
 * `pull_request.opened` delivery goes from ~24 KB to ~3 KB: its size is most of the cost of recording it
 * durably on the request path. Commands are parsed from the full comment before this. Pure.
 */
export function slimPayload(value: unknown): unknown {
  const slim = strip(value);
  const pr = (slim as { pull_request?: Record<string, unknown> } | null)?.pull_request;
  if (pr && typeof pr === 'object') {
    for (const side of ['head', 'base'] as const) {
      const branch = pr[side] as { repo?: Record<string, unknown> | null } | undefined;
      if (branch?.repo) branch.repo = pick(branch.repo, BRANCH_REPO_FIELDS);
    }
  }
  return slim;
}

function strip(value: unknown): unknown {
  if (typeof value === 'string') return clip(value);
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const key in value) {
    if (key === 'url' || key === '_links' || key === 'node_id' || key === 'gravatar_id' || (key.endsWith('_url') && !KEPT_URLS.has(key))) continue;
    result[key] = strip((value as Record<string, unknown>)[key]);
  }
  return result;
}

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const owner = source.owner as { login?: unknown; type?: unknown } | undefined;
  const result: Record<string, unknown> = {};
  for (const field of fields) if (field in source) result[field] = source[field];
  if (owner) result.owner = { login: owner.login, type: owner.type };
  return result;
}

function clip(text: string): string {
  if (text.length <= MAX_STORED_TEXT) return text;
  // Never cut between the two halves of a surrogate pair (an emoji would become an invalid character).
  const end = /[\uD800-\uDBFF]/.test(text[MAX_STORED_TEXT - 1]!) ? MAX_STORED_TEXT - 1 : MAX_STORED_TEXT;
  return `${text.slice(0, end)}\n\n[… ${text.length - end} more characters not stored by agentic-sdlc]`;
}
