import { z } from 'zod';
import { defineAction } from '../../engine/action.js';
import type { LlmBridge } from '../../llm/bridge.js';
import { TRIAGE_PROMPT_VERSION, TRIAGE_SYSTEM, triageAnswerSchema, triageUserPrompt } from '../../llm/prompts/triage.js';
import { sanitizeModelText } from '../../llm/sanitize.js';
import { EMPTY_USAGE, NO_PROVIDER, callScope, finishUsage, llmCommonInput, llmStatusOutput, usageOutput } from './common.js';

const labelInput = z.union([z.string(), z.object({ name: z.string(), description: z.string().nullish() })]);

export const llmTriageInput = z.object({
  title: z.string(),
  body: z.string().nullish(),
  number: z.int().positive().optional(),
  /** The repository's existing labels (`GET /repos/{o}/{r}/labels`): names or `{name, description}`. */
  labels: z.array(labelInput),
  /** Recent open issues to look for duplicates in. */
  recentIssues: z.array(z.object({ number: z.int().positive(), title: z.string(), body: z.string().nullish() })).default([]),
  ...llmCommonInput,
});

export const llmTriageOutput = z.object({
  labels: z.array(z.string()),
  /** Labels the model proposed that the repository does not have (never applied). */
  rejectedLabels: z.array(z.string()),
  priority: z.enum(['p0', 'p1', 'p2', 'p3']).nullable(),
  kind: z.string().nullable(),
  duplicates: z.array(z.object({ number: z.number(), title: z.string(), reason: z.string() })),
  reasoning: z.string(),
  llm: llmStatusOutput,
  usage: usageOutput,
});

export function llmTriageAction(llm: LlmBridge) {
  return defineAction({
    name: 'llm.triage',
    description: "Labels (only from the repository's labels), priority and possible duplicates of an issue.",
    input: llmTriageInput,
    output: llmTriageOutput,
    async run(ctx, input, tools) {
      const labels = input.labels.map((label) =>
        typeof label === 'string' ? { name: label } : { name: label.name, ...(label.description ? { description: label.description } : {}) },
      );
      if (!llm.available) {
        return { labels: [], rejectedLabels: [], priority: null, kind: null, duplicates: [], reasoning: `${NO_PROVIDER}.`, llm: { used: false, reason: NO_PROVIDER }, usage: EMPTY_USAGE };
      }
      const session = llm.session(callScope(ctx, tools, 'triage', input));
      const recent = input.recentIssues.filter((issue) => issue.number !== input.number).slice(0, 50);
      const result = await session.structured({
        promptVersion: TRIAGE_PROMPT_VERSION,
        system: TRIAGE_SYSTEM,
        user: triageUserPrompt(
          { title: input.title, ...(input.body ? { body: input.body } : {}), ...(input.number ? { number: input.number } : {}) },
          labels,
          recent.map((issue) => ({ number: issue.number, title: issue.title, ...(issue.body ? { body: issue.body } : {}) })),
        ),
        schema: triageAnswerSchema,
        name: 'triage_issue',
        description: 'Labels, priority and duplicates of the issue.',
      });
      const byName = new Map(labels.map((label) => [label.name.toLowerCase(), label.name]));
      const chosen = new Set<string>();
      const rejected: string[] = [];
      for (const proposed of result.value.labels) {
        const existing = byName.get(proposed.trim().toLowerCase());
        if (existing) chosen.add(existing);
        else rejected.push(proposed.slice(0, 100));
      }
      if (rejected.length) tools.log.warn(`ignored labels the repository does not have: ${rejected.join(', ')}`);
      const titles = new Map(recent.map((issue) => [issue.number, issue.title]));
      const duplicates = result.value.duplicates
        .filter((dup) => titles.has(dup.number))
        .map((dup) => ({ number: dup.number, title: titles.get(dup.number)!, reason: sanitizeModelText(dup.reason, { maxLength: 300 }) }));
      return {
        labels: [...chosen],
        rejectedLabels: rejected,
        priority: result.value.priority,
        kind: result.value.kind,
        duplicates,
        reasoning: sanitizeModelText(result.value.reasoning, { maxLength: 600 }),
        llm: { used: true, model: result.model },
        usage: finishUsage(session, tools),
      };
    },
  });
}
