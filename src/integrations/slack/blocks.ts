import { formatDuration, statusEmoji, statusWord, type ShownStatus } from './egress-run-words.js';
import { escapeText } from './egress-mrkdwn-inline.js';
import { chunkMrkdwn, markdownToMrkdwn, SECTION_TEXT_LIMIT } from './mrkdwn.js';
import type { SlackBlock } from './slack-client.js';

/**
 * Block Kit for following a run in Slack, built by pure functions: the parent message (what runs, on what, for
 * whom, how it is going), one line per finished step, and the final results with the run's Markdown output.
 * Every message carries a plain `text` too: Slack shows it in notifications and where blocks cannot render.
 */

export interface SlackMessageBody {
  text: string;
  blocks?: SlackBlock[];
}

export interface RunHeadline {
  runId: string;
  workflow: string;
  status: ShownStatus;
  /** `acme/api#42`, or the command text, as the user gave it. */
  target?: string | undefined;
  /** Slack user id of who asked (`U…`); mentioned in the message. */
  userId?: string | undefined;
  durationMs?: number | undefined;
  error?: string | undefined;
}

/** Slack allows 50 blocks per message. */
const MAX_BLOCKS = 50;
/** Outputs shown in the results, first found wins: what workflows name their rendered Markdown. */
const MARKDOWN_OUTPUTS = ['markdown', 'summary', 'body', 'comment'];

export function runParentMessage(run: RunHeadline): SlackMessageBody {
  const line = headline(run);
  const who = run.userId && /^[UW][A-Z0-9]{2,20}$/.test(run.userId) ? `requested by <@${run.userId}> · ` : '';
  return {
    text: line,
    blocks: [section(line), { type: 'context', elements: [{ type: 'mrkdwn', text: `${who}run \`${escapeText(run.runId)}\`` }] }],
  };
}

/** The thread reply for one finished step. */
export function stepLine(step: { name: string; status: ShownStatus; durationMs: number; error?: string | undefined }): string {
  const what = `${statusEmoji(step.status)} \`${escapeText(step.name).replaceAll('`', "'")}\` ${statusWord(step.status)} (${formatDuration(step.durationMs)})`;
  return step.error ? `${what}: ${escapeText(truncate(step.error, 300))}` : what;
}

/** The final thread reply: status, duration, error, then the run's Markdown output converted and cut into sections. */
export function runResults(run: RunHeadline & { outputs?: Record<string, unknown> | undefined }): SlackMessageBody {
  const line = headline(run) + (run.error ? `\n${escapeText(truncate(run.error, 500))}` : '');
  const markdown = MARKDOWN_OUTPUTS.map((name) => run.outputs?.[name]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  const sections = markdown ? chunkMrkdwn(markdownToMrkdwn(markdown)) : [];
  const room = MAX_BLOCKS - 2;
  const shown = sections.length > room ? sections.slice(0, room - 1) : sections;
  const blocks: SlackBlock[] = [section(truncate(line, SECTION_TEXT_LIMIT)), ...shown.map(section)];
  if (shown.length < sections.length) {
    blocks.push(section(`_…${sections.length - shown.length} more sections not shown: \`agentic-sdlc runs show ${escapeText(run.runId)}\`_`));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `run \`${escapeText(run.runId)}\`` }] });
  return { text: truncate(headline(run), SECTION_TEXT_LIMIT), blocks };
}

/** What `slack.post` sends for Markdown: plain mrkdwn text when it fits one section, else sections of it. */
export function messageFromMarkdown(markdown: string): SlackMessageBody {
  const sections = chunkMrkdwn(markdownToMrkdwn(markdown));
  if (sections.length <= 1) return { text: sections[0] ?? ' ' };
  const shown = sections.slice(0, MAX_BLOCKS);
  return { text: truncate(shown[0]!, SECTION_TEXT_LIMIT), blocks: shown.map(section) };
}

function headline(run: RunHeadline): string {
  const target = run.target ? ` — ${escapeText(truncate(run.target, 200))}` : '';
  const took = run.durationMs !== undefined ? ` in ${formatDuration(run.durationMs)}` : '';
  return `${statusEmoji(run.status)} *${escapeText(run.workflow)}* ${statusWord(run.status)}${took}${target}`;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
