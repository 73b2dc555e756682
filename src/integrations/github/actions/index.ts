import type { AnyAction } from '../../../engine/action.js';
import type { FeedbackStore } from '../../../engine/ports/feedback-store.js';
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
import { reviewFeedbackAction } from './review-feedback.js';
import { threadResolvedAction } from './thread-resolved.js';

export type { GithubClients } from '../rest/clients.js';
export type { RunControl } from '../dispatch/run-control.js';

export interface GithubActionDeps extends DispatchDeps {
  /** Review feedback (👎, resolved threads, learned instructions) per repository, in the state database. */
  feedback: FeedbackStore;
}

/** Every `github.*` action, bound to the clients (and, for the dispatcher, the engine slice) it may use. */
export function createGithubActions(deps: GithubActionDeps): AnyAction[] {
  const { clients, feedback } = deps;
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
    reviewFeedbackAction(clients, feedback),
    threadResolvedAction(clients, feedback),
    dispatchAction(deps),
  ];
}
