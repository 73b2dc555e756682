import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import type { Clock } from '../../../engine/clock.js';
import { nonRetryable } from '../../../engine/errors.js';
import type { JenkinsConfig } from '../../../config/integrations.js';
import { buildUrlUnder } from './build-url.js';
import { readConsoleTail } from './progressive-text.js';

export interface ConsoleActionDeps {
  config: JenkinsConfig;
  clock: Clock;
  fetch: typeof fetch;
}

export const consoleInput = z.object({
  /** The build's URL (`https://ci.example.com/job/app/42/`); default: the triggering build (`event.details.jenkins.url`). */
  url: z.string().min(1).optional(),
  /** Keep at most this many bytes (the end of the log); default and ceiling: `jenkins.consoleMaxBytes`. */
  maxBytes: z.int().min(1024).optional(),
  /** How long to wait for a build that is still writing its log. */
  timeoutMs: z.int().min(1_000).max(600_000).default(60_000),
});

export const consoleOutput = z.object({
  log: z.string(),
  bytes: z.int(),
  truncated: z.boolean(),
  complete: z.boolean(),
});

const POLL_MS = 2_000;
const MAX_REQUESTS = 100;

/** `jenkins.console`: the end of a build's console log, authenticated as JENKINS_USER, only from under JENKINS_URL. */
export function consoleAction(deps: ConsoleActionDeps) {
  return defineAction({
    name: 'jenkins.console',
    description: "Reads the end of a Jenkins build's console log (progressiveText), keeping at most jenkins.consoleMaxBytes.",
    input: consoleInput,
    output: consoleOutput,
    async run(ctx, input, tools) {
      const { url: base, user, apiToken, consoleMaxBytes } = deps.config;
      if (!base || !user || !apiToken) {
        const missing = [!base && 'JENKINS_URL', !user && 'JENKINS_USER', !apiToken && 'JENKINS_API_TOKEN'].filter(Boolean).join(', ');
        throw nonRetryable(`jenkins.console is not configured: set ${missing} (an API token from Jenkins → your user → Security); see docs/jenkins.md`, 'jenkins_not_configured');
      }
      const url = input.url ?? ctx.event?.details?.jenkins?.url;
      if (!url) throw nonRetryable('jenkins.console needs a build: set `url`, or run the workflow from a Jenkins build notification', 'jenkins_no_build');
      const result = await readConsoleTail({
        buildUrl: buildUrlUnder(base, url),
        authorization: `Basic ${Buffer.from(`${user}:${apiToken}`).toString('base64')}`,
        maxBytes: Math.min(input.maxBytes ?? consoleMaxBytes, consoleMaxBytes),
        signal: tools.signal,
        clock: deps.clock,
        fetch: deps.fetch,
        deadlineMs: input.timeoutMs,
        pollMs: POLL_MS,
        maxRequests: MAX_REQUESTS,
      });
      tools.log.info('jenkins console read', { bytes: result.bytes, kept: Buffer.byteLength(result.log), complete: result.complete });
      return result;
    },
  });
}
