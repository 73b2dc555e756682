import { builtinTriggerKinds, TriggerKindRegistry, type AnyTriggerKind } from './engine/trigger-kind.js';
import { githubTriggerKind } from './integrations/github/trigger-kind.js';
import { jenkinsTriggerKind } from './integrations/jenkins/trigger-kind.js';
import { slackTriggerKind } from './integrations/slack/trigger-kind.js';

/**
 * Trigger kinds whose integration is not there yet: workflows may declare them and they validate, but nothing
 * listens for them. (The loader has no warning channel to say so per workflow; the README does.)
 */
export function comingTriggerKinds(): AnyTriggerKind[] {
  return [slackTriggerKind, jenkinsTriggerKind];
}

/**
 * Every trigger kind agentic-sdlc knows, as the runtime registers them: the engine's own (`api`, `manual`),
 * GitHub's, and the coming ones. For what validates workflows without a runtime (the committed JSON Schema, tests).
 */
export function createTriggerKinds(): TriggerKindRegistry {
  return new TriggerKindRegistry().register(githubTriggerKind, ...comingTriggerKinds(), ...builtinTriggerKinds());
}
