import type { ActionTools } from '../../../engine/action.js';
import type { RunRecord } from '../../../engine/run-record.js';
import { GITHUB_DISPATCH_WORKFLOW } from './dispatch-workflow.js';
import type { RepoConfigError } from '../repo-config/load-repo-config.js';
import type { Target } from '../rest/clients.js';
import { CONFIG_ERROR_KEY, configErrorText, configValidText } from './config-error-comment.js';
import type { RunControl } from './run-control.js';
import { updateStickyIfPresent, upsertSticky } from '../rest/upsert-sticky.js';

/** An invalid configuration is said on the PR or issue, in one sticky comment, never swallowed. */
export async function reportConfigError(target: Target, error: RepoConfigError, file: string, tools: ActionTools): Promise<void> {
  tools.log.warn('invalid repository configuration', { problems: error.problems.length });
  if (target.number === undefined) return;
  await upsertSticky(target, target.number, CONFIG_ERROR_KEY, configErrorText(file, error.problems), tools.signal);
}

/**
 * The configuration was read and is valid: an error comment left by an earlier event on this PR or issue is
 * edited to say so. Finding it costs a comment listing, so it is looked for only when the run history says one
 * may show (`configErrorMayShow`); every other event makes no call here.
 */
export async function clearConfigError(
  runs: RunControl,
  target: Target,
  where: { repo: string; runId: string; file: string },
  tools: ActionTools,
): Promise<void> {
  const issueNumber = target.number;
  if (issueNumber === undefined) return;
  const history = (status: RunRecord['status']) => runs.runsFor(where.repo, issueNumber, { workflow: GITHUB_DISPATCH_WORKFLOW, status: [status] });
  const failed = (await history('failure')).filter((run) => run.id !== where.runId);
  if (failed.length === 0 || !configErrorMayShow(failed, await history('success'))) return;
  const result = await updateStickyIfPresent(target, issueNumber, CONFIG_ERROR_KEY, configValidText(where.file), tools.signal);
  if (result?.action === 'updated') tools.log.info('configuration error comment marked as fixed', { commentId: result.commentId });
}

/**
 * Whether an error comment may still show, from this PR's or issue's dispatch runs (newest first): a failed
 * dispatch may have posted one (an invalid file fails it), and none that read a valid configuration since
 * has corrected it. Cautious by design: a dispatch that failed for another reason only costs a lookup. Pure.
 */
export function configErrorMayShow(failed: readonly RunRecord[], succeeded: readonly RunRecord[]): boolean {
  const latestFailure = failed[0];
  if (!latestFailure) return false;
  return !succeeded.some((run) => run.createdAt > latestFailure.createdAt && run.outputs?.repoConfig === 'valid');
}
