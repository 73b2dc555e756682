/** Link fields kept: the ones a person opens. API URL templates (`*_url`, `url`) and node ids are dropped. */
const KEPT_URLS = new Set(['html_url', 'diff_url', 'patch_url']);

/**
 * The webhook payload as stored with a run: every field except REST API URLs (derivable from the repository
 * and number) and GraphQL node ids. A `pull_request.opened` delivery shrinks from ~24 KB to ~5 KB, which is
 * most of the cost of recording it on the request path. Pure.
 */
export function slimPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(slimPayload);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const key in value) {
    if (key === 'url' || key === 'node_id' || key === 'gravatar_id' || (key.endsWith('_url') && !KEPT_URLS.has(key))) continue;
    result[key] = slimPayload((value as Record<string, unknown>)[key]);
  }
  return result;
}
