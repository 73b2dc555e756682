import picomatch from 'picomatch';
import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';
import { pullFilesToDiff, type PullFile } from './pull-files.js';

/** GitHub lists at most 3,000 files of a pull request. */
const GITHUB_FILE_LIMIT = 3_000;

export const prDiffInput = z.object({
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
  /** Stop listing after this many files (GitHub's own cap is 3,000). */
  maxFiles: z.number().int().positive().max(GITHUB_FILE_LIMIT).default(GITHUB_FILE_LIMIT),
  /** Extra globs of generated files, on top of dist/, vendor/, *.min.js, ... */
  generated: z.array(z.string()).default([]),
});

const fileSchema = z.object({
  path: z.string(),
  previousPath: z.string().optional(),
  status: z.string(),
  additions: z.number(),
  deletions: z.number(),
  binary: z.boolean(),
  generated: z.boolean(),
  patchOmitted: z.boolean(),
});

export const prDiffOutput = z.object({
  /** The whole change as one unified diff, for `diff.analyze`. */
  diff: z.string(),
  files: z.array(fileSchema),
  paths: z.array(z.string()),
  /** More files changed than were listed (GitHub's 3,000-file cap or `maxFiles`). */
  truncated: z.boolean(),
});

export function prDiffAction(clients: GithubClients) {
  return defineAction({
    name: 'github.pr-diff',
    description: "The pull request's changed files and patches (paginated), with binary and generated files marked.",
    input: prDiffInput,
    output: prDiffOutput,
    async run(ctx, input, { signal, log }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const pullNumber = requireNumber(target, 'github.pr-diff');
      const files: PullFile[] = [];
      await callGithub('listing the pull request files', async () => {
        const pages = target.octokit.paginate.iterator(target.octokit.rest.pulls.listFiles, {
          owner: target.owner,
          repo: target.repo,
          pull_number: pullNumber,
          per_page: 100,
          request: { signal },
        });
        for await (const page of pages) {
          files.push(...(page.data as PullFile[]));
          if (files.length >= input.maxFiles) break;
        }
      });
      const changedFiles = (ctx.event?.payload as { pull_request?: { changed_files?: number } } | undefined)?.pull_request?.changed_files;
      const listed = files.slice(0, input.maxFiles);
      const truncated = files.length > input.maxFiles || (changedFiles !== undefined && changedFiles > listed.length);
      const extra = input.generated.length ? picomatch(input.generated, { dot: true }) : () => false;
      const { diff, files: described } = pullFilesToDiff(listed, extra);
      log.info('pull request files listed', { files: listed.length, truncated, bytes: diff.length });
      return { diff, files: described, paths: described.map((file) => file.path), truncated };
    },
  });
}
