import type { AnyAction } from '../../engine/action.js';
import type { LlmBridge } from '../../llm/bridge.js';
import { llmAskAction } from './ask.js';
import { llmCiFailureAction } from './ci-failure.js';
import { llmDescribeAction } from './describe.js';
import { llmReviewAction } from './review.js';
import { llmTriageAction } from './triage.js';

export interface LlmActionDeps {
  llm: LlmBridge;
}

/** The LLM agents, bound to one bridge. The composition root calls this; the engine never sees a vendor. */
export function createLlmActions({ llm }: LlmActionDeps): AnyAction[] {
  return [llmReviewAction(llm), llmDescribeAction(llm), llmTriageAction(llm), llmCiFailureAction(llm), llmAskAction(llm)];
}
