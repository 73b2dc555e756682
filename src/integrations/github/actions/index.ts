import type { AnyAction } from '../../../engine/action.js';
import { checkRunAction } from './check-run.js';
import { commentAction } from './comment.js';
import { commitPullsAction } from './commit-pulls.js';
import { dispatchAction } from '../dispatch/dispatch.js';
import type { DispatchDeps } from '../dispatch/dispatch-output.js';
import { issueCommentAction } from './issue-comment.js';
import { issueContextAction } from './issue-context.js';
import { labelsAction } from './labels.js';
import { prBodyAction } from './pr-body.js';
import { prCommitsAction } from './pr-commits.js';
import { prDiffAction } from './pr-diff.js';
import { reviewAction } from './review.js';

export type { GithubClients } from '../rest/clients.js';
export type { RunControl } from '../dispatch/run-control.js';

/** Every `github.*` action, bound to the clients (and, for the dispatcher, the engine slice) it may use. */
export function createGithubActions(deps: DispatchDeps): AnyAction[] {
  const { clients } = deps;
  return [
    prDiffAction(clients),
    prCommitsAction(clients),
    commentAction(clients),
    issueCommentAction(clients),
    reviewAction(clients),
    checkRunAction(clients),
    labelsAction(clients),
    prBodyAction(clients),
    issueContextAction(clients),
    commitPullsAction(clients),
    dispatchAction(deps),
  ];
}
