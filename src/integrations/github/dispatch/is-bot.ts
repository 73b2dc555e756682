import type { TriggerEvent } from '../../../engine/trigger-event.js';

/**
 * Bots never trigger anything, our own app included: its comments and labels would otherwise start the
 * next run. GitHub marks App and bot accounts `type: Bot`, with a `[bot]` login suffix.
 */
export function isBotSender(event: TriggerEvent): boolean {
  const sender = event.sender;
  if (!sender) return false;
  return sender.type === 'Bot' || sender.login.endsWith('[bot]');
}
