import { z } from 'zod';

/**
 * The configuration sections of the Slack, Jira and Jenkins integrations. Here rather than in each vendor's
 * folder because the vendors read `Config`: a section there would make `config/` and `integrations/` import
 * each other. An integration whose required settings are missing is not configured: its routes are not
 * mounted, its actions fail naming the variables to set, and workflows that listen for it are warned about.
 */

/** Who may run a Slack command: a user matches by id, by membership of a user group, and a channel by id. Empty lists allow everyone. */
const slackAllowList = z
  .object({
    /** Slack user ids (`U0123ABCD`). */
    users: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id (U…)')).default([]),
    /** Slack user-group ids (`S0123ABCD`); members are looked up with `usergroups.users.list`. */
    userGroups: z.array(z.string().regex(/^S[A-Z0-9]+$/, 'a Slack user-group id (S…)')).default([]),
    /** Channel ids (`C0123ABCD`, `G…` for private ones) where the command may be used. */
    channels: z.array(z.string().regex(/^[CGD][A-Z0-9]+$/, 'a Slack channel id (C…)')).default([]),
  })
  .strict();

export const slackConfigSchema = z
  .object({
    /** Verifies every request from Slack (`X-Slack-Signature`). Required, with `botToken`. */
    signingSecret: z.string().min(1).optional(),
    /** `xoxb-…`: the Web API token the bot posts with. */
    botToken: z.string().min(1).optional(),
    /** `xapp-…`: when set, Slack is reached over Socket Mode (no public URL needed) instead of `path`. */
    appToken: z.string().min(1).optional(),
    /** The Web API base URL; tests and proxies point it elsewhere. */
    apiUrl: z.url().default('https://slack.com/api/'),
    /** Where Slack's Events API, slash commands and interactivity requests arrive. */
    path: z.string().startsWith('/').default('/slack/events'),
    /** The slash command as created in the Slack app (slack-manifest.yml). */
    command: z.string().regex(/^\/[\w-]+$/).default('/sdlc'),
    /** Channel id for notifications that no Slack thread asked for (a failed build, for instance). */
    channel: z.string().min(1).optional(),
    /** Least time between two messages in one channel: Slack allows about one per second. */
    minPostIntervalMs: z.int().min(0).max(60_000).default(1_000),
    access: z
      .object({
        /** Applies to every command that has no entry in `commands`. */
        default: slackAllowList.prefault({}),
        /** Per command (`review`, `run`, `cancel`, ...): replaces `default` for that command. */
        commands: z.record(z.string(), slackAllowList).default({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export const jiraConfigSchema = z
  .object({
    /** `https://acme.atlassian.net`, or a Data Center base URL. */
    host: z.url().optional(),
    /** Jira Cloud: the account's email, with `apiToken` (basic auth). */
    email: z.string().min(1).optional(),
    apiToken: z.string().min(1).optional(),
    /** Jira Data Center / Server: a personal access token (bearer), instead of email and API token. */
    personalAccessToken: z.string().min(1).optional(),
    /** Project keys whose issue keys are looked for in PR titles, branches and commits; empty finds any `ABC-123`. */
    projectKeys: z.array(z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'a Jira project key (ABC)')).default([]),
    /** Status names `workflows/jira-sync.yml` moves issues to. */
    statuses: z
      .object({
        inReview: z.string().min(1).default('In Review'),
        done: z.string().min(1).default('Done'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export const jenkinsConfigSchema = z
  .object({
    /** Shared token Jenkins sends (`Authorization: Bearer`, or `?token=`). Required for the webhook route. */
    webhookToken: z.string().min(16, 'at least 16 characters').optional(),
    webhookPath: z.string().startsWith('/').default('/api/jenkins/webhook'),
    /** Base URL of Jenkins, for `jenkins.console`. */
    url: z.url().optional(),
    user: z.string().min(1).optional(),
    apiToken: z.string().min(1).optional(),
    /** Most bytes of console log `jenkins.console` keeps (the tail). */
    consoleMaxBytes: z.int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  })
  .strict()
  .prefault({});

export type SlackConfig = z.infer<typeof slackConfigSchema>;
export type JiraConfig = z.infer<typeof jiraConfigSchema>;
export type JenkinsConfig = z.infer<typeof jenkinsConfigSchema>;
