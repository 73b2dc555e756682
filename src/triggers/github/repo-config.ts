import { z } from 'zod';

/** Collaborator permission levels, weakest first (`GET /repos/{o}/{r}/collaborators/{user}/permission` role names). */
export const PERMISSION_LEVELS = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

const globs = z.array(z.string().min(1));

const workflowSettings = z
  .object({
    enabled: z.boolean().default(true),
    /** Run only when a changed file matches (`!pattern` excludes; the last match wins, as in GitHub Actions). */
    paths: globs.optional(),
    /** Run only when the PR or issue carries one of these labels. */
    labels: z.array(z.string().min(1)).optional(),
    /** Values for the workflow's declared inputs. */
    inputs: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * `.github/agentic-sdlc.yml` of a repository (or of the organization's `.github` repository, or whatever
 * `_extends` names). Read from the default branch only, so a pull request cannot change its own rules.
 */
export const repoConfigSchema = z
  .object({
    /** `false` turns agentic-sdlc off for this repository. */
    enabled: z.boolean().default(true),
    /** Per-workflow switches and filters, by workflow name (`pr-review`, `issue-triage`, ...). */
    workflows: z.record(z.string(), workflowSettings).default({}),
    pullRequests: z
      .object({
        /** Review draft pull requests too (a trigger label always runs, draft or not). */
        drafts: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /**
     * Adding one of these labels runs the workflows that listen to that event, whatever their `types`:
     * `ai-review` on a pull request re-runs the review, `ai-triage` on an issue the triage.
     */
    triggerLabels: z
      .object({
        pullRequests: z.array(z.string().min(1)).default(['ai-review']),
        issues: z.array(z.string().min(1)).default(['ai-triage']),
        /** Remove the trigger label once the runs are submitted, so adding it again runs again. */
        remove: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    commands: z
      .object({
        enabled: z.boolean().default(true),
        /** Which `/sdlc` commands may be used; all when absent. */
        allowed: z.array(z.string().min(1)).optional(),
        /** Least permission a commenter needs. */
        permission: z.enum(PERMISSION_LEVELS).default('write'),
        /** Logins that may always run commands, whatever their permission. */
        allowUsers: z.array(z.string().min(1)).default([]),
        /** Logins that may never run commands. Wins over everything else. */
        denyUsers: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    /** Offline analyzer settings (see the analyzer docs), given to workflows that declare an `analyzer` input. */
    analyzer: z.record(z.string(), z.unknown()).optional(),
    /** Model choice (`provider:model`, or `provider` + `model`), given to workflows that declare a `model` input. */
    llm: z
      .object({ provider: z.string().min(1).optional(), model: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;
export type WorkflowSettings = z.infer<typeof workflowSettings>;

export const DEFAULT_REPO_CONFIG: RepoConfig = repoConfigSchema.parse({});
