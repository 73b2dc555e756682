import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub, rethrowGithub } from '../rest/github-error.js';
import { labelRuleSchema, labelsFromRules } from '../../../actions/labels/label-rules.js';

export const labelsInput = z.object({
  add: z.array(z.string().min(1)).default([]),
  /** Offline triage: labels added when their keywords appear in the issue or PR title/body. */
  rules: z.array(labelRuleSchema).default([]),
  remove: z.array(z.string().min(1)).default([]),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
});

export const labelsOutput = z.object({
  added: z.array(z.string()),
  /** Asked for, but no such label in the repository: never created implicitly. */
  missing: z.array(z.string()),
  removed: z.array(z.string()),
});

/** `github.labels`: adds labels that exist in the repository (matched case-insensitively) and removes others. */
export function labelsAction(clients: GithubClients) {
  return defineAction({
    name: 'github.labels',
    description: 'Adds existing repository labels to, and removes labels from, the pull request or issue.',
    input: labelsInput,
    output: labelsOutput,
    async run(ctx, input, { signal, log }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const issueNumber = requireNumber(target, 'github.labels');
      const where = { owner: target.owner, repo: target.repo, request: { signal } };
      const added: string[] = [];
      const missing: string[] = [];
      const payload = ctx.event?.payload as { issue?: { title?: string; body?: string | null }; pull_request?: { title?: string; body?: string | null } } | undefined;
      const wanted = [...input.add, ...labelsFromRules(input.rules, payload?.issue ?? payload?.pull_request ?? {})];
      if (wanted.length > 0) {
        const existing = await callGithub('listing repository labels', () =>
          target.octokit.paginate(target.octokit.rest.issues.listLabelsForRepo, { ...where, per_page: 100 }),
        );
        const byName = new Map(existing.map((label) => [label.name.toLowerCase(), label.name]));
        for (const name of new Set(wanted)) {
          const actual = byName.get(name.toLowerCase());
          if (actual) added.push(actual);
          else missing.push(name);
        }
        if (missing.length) log.warn('labels not found in the repository, not added', { missing });
        if (added.length) {
          await callGithub('adding labels', () => target.octokit.rest.issues.addLabels({ ...where, issue_number: issueNumber, labels: added }));
        }
      }
      const removed: string[] = [];
      for (const name of new Set(input.remove)) {
        try {
          await target.octokit.rest.issues.removeLabel({ ...where, issue_number: issueNumber, name });
          removed.push(name);
        } catch (error) {
          // Not on the issue (any more): nothing to remove.
          if ((error as { status?: number }).status !== 404) rethrowGithub(error, 'removing a label');
        }
      }
      return { added, missing, removed };
    },
  });
}
