import { z } from 'zod';
import { analyzerConfigSchema } from '../analysis/config.js';
import { llmConfigSchema } from '../llm/config.js';
import { jenkinsConfigSchema, jiraConfigSchema, slackConfigSchema } from './integrations.js';
import { apiConfigSchema } from './api.js';

/**
 * The one configuration object. Every feature adds its section here; `agentic-sdlc.yaml`, the environment and
 * `.env` are only different ways to fill it.
 */
export const configSchema = z
  .object({
    /** SQLite state file for the embedded store. */
    db: z.string().min(1).default('.agentic-sdlc/state.db'),
    /** `postgres://…`: run state in PostgreSQL instead of the SQLite file (distributed mode). */
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
    /** `redis://…`: the queue on BullMQ, run events, the LLM cache and budget ledger on Redis (distributed mode). */
    redisUrl: z.string().regex(/^rediss?:\/\//, 'a redis:// URL').optional(),
    /** Prefix of every Redis key and channel: deployments (or tests) sharing one Redis keep apart by it. */
    redisPrefix: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)').default('agentic-sdlc'),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    engine: z
      .object({
        /** Runs executed at once by this process. */
        concurrency: z.int().min(1).max(256).default(4),
        /** Independent steps of one run executed at once. */
        maxParallelSteps: z.int().min(1).max(64).default(4),
        /**
         * How long a worker's hold on a run lasts without renewal (renewed every third of it). When a worker dies,
         * its runs are taken over after this long (at once by a process on the same machine).
         */
        leaseMs: z.int().min(1_000).max(600_000).default(30_000),
      })
      .strict()
      .prefault({}),
    workflows: z
      .object({
        /** Extra folders of workflow files; the built-in ones always load first and same-named files here replace them. */
        dirs: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    /** Values for the `secrets` context of workflows (masked in logs and stored state). */
    secrets: z.record(z.string(), z.string()).default({}),
    /** Offline analyzer defaults (ignore globs, rule settings); a workflow's `with.config` refines them. */
    analyzer: analyzerConfigSchema.default({}),
    /** The GitHub App (`agentic-sdlc serve`). Probot's variables: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, ... */
    github: z
      .object({
        appId: z.int().positive().optional(),
        /** PEM text; `\\n`-escaped or base64 forms are accepted, as Probot does. */
        privateKey: z.string().min(1).optional(),
        privateKeyPath: z.string().min(1).optional(),
        webhookSecret: z.string().min(1).optional(),
        webhookPath: z.string().startsWith('/').default('/api/github/webhooks'),
        /** GitHub Enterprise Server host name; the API is then `<protocol>://<host>/api/v3`. */
        gheHost: z.string().min(1).optional(),
        gheProtocol: z.enum(['https', 'http']).default('https'),
        /** Per-repository configuration file, read from `.github/` of the default branch. */
        repoConfigFile: z.string().regex(/^[\w.-]+\.ya?ml$/).default('agentic-sdlc.yml'),
        commandPrefix: z.string().regex(/^\/[\w-]+$/).default('/sdlc'),
      })
      .strict()
      .prefault({}),
    /** Slack (`@slack/bolt`): slash commands, mentions, `slack.post`; see docs/slack.md. */
    slack: slackConfigSchema,
    /** Jira Cloud or Data Center (`jira.js`): the `jira.*` actions and `workflows/jira-sync.yml`. */
    jira: jiraConfigSchema,
    /** Jenkins: the build-notification webhook and `jenkins.console`. */
    jenkins: jenkinsConfigSchema,
    /** The HTTP server of `agentic-sdlc serve` (webhooks, REST API, health). */
    server: z
      .object({
        port: z.int().min(0).max(65535).default(3000),
        /** Interface to listen on; unset listens on all of them (`[::]`), which is what a container needs. */
        host: z.string().min(1).optional(),
        /** Largest request body accepted on any route (413 above it). GitHub's own cap on a delivery is 25 MiB. */
        maxBodyBytes: z.int().min(1024).max(1024 ** 3).default(25 * 1024 * 1024),
        /** How long a webhook body may take to arrive (408 after it). GitHub gives up on a delivery after 10 s. */
        bodyTimeoutMs: z.int().min(100).max(600_000).default(10_000),
        /** On SIGTERM/SIGINT, how long runs in flight may take to finish; the rest resume on the next start. */
        shutdownGraceMs: z.int().min(0).max(600_000).default(10_000),
      })
      .strict()
      .prefault({}),
    /** The REST API: tokens, rate limit, `execute` wait, signed job callbacks. */
    api: apiConfigSchema,
    /** LLM providers, default model, prices, budgets and response cache; see `src/llm/config.ts` and docs/llm.md. */
    llm: llmConfigSchema,
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
