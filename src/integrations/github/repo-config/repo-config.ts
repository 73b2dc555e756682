import { z } from 'zod';
import { confidenceSchema } from '../../../analysis/finding.js';

/** Collaborator permission levels, weakest first (`GET /repos/{o}/{r}/collaborators/{user}/permission` role names). */
export const PERMISSION_LEVELS = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

const names = (description: string) => z.array(z.string().min(1)).meta({ description });

// Descriptions are `.meta()`, not comments: they reach schema/repo-config.schema.json, which editors show on hover.
const workflowSettings = z
  .object({
    enabled: z.boolean().default(true).meta({ description: '`false` turns this workflow off in this repository.' }),
    paths: names('Run only when a changed file matches one of these globs; `!pattern` excludes, and the last match wins, as in GitHub Actions.').optional(),
    labels: names('Run only when the pull request or issue carries one of these labels.').optional(),
    inputs: z.record(z.string(), z.unknown()).default({}).meta({ description: "Values for the workflow's declared inputs." }),
  })
  .strict()
  .meta({ description: 'Switches and filters for one workflow.' });

/**
 * `.github/agentic-sdlc.yml` of a repository (or of the organization's `.github` repository, or whatever
 * `_extends` names). Read from the default branch only, so a pull request cannot change its own rules.
 */
export const repoConfigSchema = z
  .object({
    enabled: z.boolean().default(true).meta({ description: '`false` turns agentic-sdlc off for this repository.' }),
    workflows: z
      .record(z.string(), workflowSettings)
      .default({})
      .meta({ description: 'Per-workflow switches and filters, by workflow name (`pr-review`, `issue-triage`, ...).' }),
    pullRequests: z
      .object({
        drafts: z.boolean().default(false).meta({ description: 'Review draft pull requests too (a trigger label always runs, draft or not).' }),
      })
      .strict()
      .prefault({})
      .meta({ description: 'Pull request rules.' }),
    triggerLabels: z
      .object({
        pullRequests: names('Labels that run the pull request workflows when added.').default(['ai-review']),
        issues: names('Labels that run the issue workflows when added.').default(['ai-triage']),
        remove: z.boolean().default(false).meta({ description: 'Remove the trigger label once the runs are submitted, so adding it again runs again.' }),
      })
      .strict()
      .prefault({})
      .meta({
        description:
          'Adding one of these labels runs the workflows that listen to that event, whatever their `types`: `ai-review` on a pull request re-runs the review, `ai-triage` on an issue the triage.',
      }),
    commands: z
      .object({
        enabled: z.boolean().default(true).meta({ description: '`false` turns `/sdlc` commands off.' }),
        allowed: names('Which `/sdlc` commands may be used; all when absent.').optional(),
        permission: z.enum(PERMISSION_LEVELS).default('write').meta({ description: 'Least repository permission a commenter needs.' }),
        allowUsers: names('Logins that may always run commands, whatever their permission (except `learn` and `forget`, which always need write access).').default([]),
        denyUsers: names('Logins that may never run commands. Wins over everything else.').default([]),
      })
      .strict()
      .prefault({})
      .meta({ description: 'Who may run `/sdlc` commands, and which.' }),
    analyzer: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'Offline analyzer settings (`ignore`, `rules`), given to workflows that declare an `analyzer` input.' }),
    llm: z
      .object({
        provider: z.string().min(1).optional().meta({ description: 'Provider (`anthropic`, `openai`, `ollama`) when `model` has no `provider:` prefix.' }),
        model: z.string().min(1).optional().meta({ description: 'Model, as `provider:model` or with `provider` set.' }),
        instructions: z
          .string()
          .min(1)
          .max(4000)
          .optional()
          .meta({
            description:
              'What reviewers of this repository should know ("we use Result types, never throw"): added to the review, describe and ask prompts (redacted, at most 4,000 characters). Given to workflows that declare an `instructions` input.',
          }),
      })
      .strict()
      .optional()
      .meta({ description: 'Model choice and instructions, given to workflows that declare a `model` or `instructions` input.' }),
    review: z
      .object({
        minConfidence: confidenceSchema
          .default('high')
          .meta({ description: 'AI findings below this confidence (`low`, `medium`, `high`) go to the summary instead of an inline comment.' }),
        maxInlineComments: z.int().min(0).max(100).default(10).meta({ description: 'Inline comments per review at most; the rest go to the summary.' }),
      })
      .strict()
      .optional()
      .meta({ description: 'Inline review settings, given to workflows that declare `minConfidence` / `maxInlineComments` inputs.' }),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;
export type WorkflowSettings = z.infer<typeof workflowSettings>;

export const DEFAULT_REPO_CONFIG: RepoConfig = repoConfigSchema.parse({});
