import type { RunStatus, StepStatus } from '../../engine/run-record.js';

/** How run and step states read in Slack: an emoji and a word each, and durations in human units. */

export type ShownStatus = RunStatus | StepStatus;

const EMOJI: Record<ShownStatus, string> = {
  pending: ':hourglass:',
  queued: ':hourglass:',
  running: ':hourglass_flowing_sand:',
  interrupted: ':warning:',
  success: ':white_check_mark:',
  failure: ':x:',
  cancelled: ':no_entry_sign:',
  skipped: ':fast_forward:',
};

const WORD: Record<ShownStatus, string> = {
  pending: 'waiting',
  queued: 'queued',
  running: 'running',
  interrupted: 'interrupted',
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

export function statusEmoji(status: ShownStatus): string {
  return EMOJI[status];
}

export function statusWord(status: ShownStatus): string {
  return WORD[status];
}

/** `0.4 s`, `12.3 s`, `2 min 5 s`, `1 h 3 min`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
