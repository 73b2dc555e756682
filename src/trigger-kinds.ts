import { builtinTriggerKinds, TriggerKindRegistry } from './engine/trigger-kind.js';
import { githubTriggerKind } from './integrations/github/trigger-kind.js';
import { jenkinsTriggerKind } from './integrations/jenkins/trigger-kind.js';
import { slackTriggerKind } from './integrations/slack/trigger-kind.js';

/**
 * Every trigger kind agentic-sdlc knows: the engine's own (`api`, `manual`) and each integration's, whether
 * configured or not. For what validates workflows without a runtime (the committed JSON Schema, tests); the
 * runtime registers the same kinds from its integrations.
 */
export function createTriggerKinds(): TriggerKindRegistry {
  return new TriggerKindRegistry().register(githubTriggerKind, slackTriggerKind, jenkinsTriggerKind, ...builtinTriggerKinds());
}
