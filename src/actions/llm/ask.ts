import { z } from 'zod';
import { parseDiff } from '../../diff/parse-diff.js';
import { defineAction } from '../../engine/action.js';
import type { LlmBridge } from '../../llm/bridge.js';
import { ASK_PROMPT_VERSION, ASK_SYSTEM, askAnswerSchema, askUserPrompt } from '../../llm/prompts/ask.js';
import { guidelinesBlock } from '../../llm/prompts/guidelines.js';
import { redactDiffFiles } from '../../llm/redact.js';
import { fitDiff } from '../../llm/review/fit-diff.js';
import { sanitizeModelText } from '../../llm/sanitize.js';
import { EMPTY_USAGE, NO_PROVIDER, callScope, finishUsage, llmCommonInput, llmGuidelinesInput, llmStatusOutput, prText, usageOutput } from './common.js';

export const llmAskInput = z.object({
  /** The question, e.g. the arguments of `/sdlc ask ...`. */
  question: z.string().min(1),
  diff: z.string(),
  title: z.string().optional(),
  body: z.string().optional(),
  ...llmGuidelinesInput,
  ...llmCommonInput,
});

export const llmAskOutput = z.object({
  answer: z.string(),
  references: z.array(z.object({ file: z.string(), line: z.number().nullable() })),
  markdown: z.string(),
  llm: llmStatusOutput,
  usage: usageOutput,
});

export function llmAskAction(llm: LlmBridge) {
  return defineAction({
    name: 'llm.ask',
    description: 'Answers a free-form question about a pull request (`/sdlc ask ...`).',
    input: llmAskInput,
    output: llmAskOutput,
    async run(ctx, input, tools) {
      if (!llm.available) {
        const answer = `${NO_PROVIDER}, so questions cannot be answered.`;
        return { answer, references: [], markdown: answer, llm: { used: false, reason: NO_PROVIDER }, usage: EMPTY_USAGE };
      }
      const files = parseDiff(input.diff);
      const session = llm.session(callScope(ctx, tools, 'ask', input));
      const budget = (input.budget?.maxTokensPerCall ?? llm.budget.contextTokens) - session.countTokens(ASK_SYSTEM) - session.countTokens(guidelinesBlock(input)) - 1500;
      const fitted = fitDiff(redactDiffFiles(files).files, budget, session.countTokens);
      const result = await session.structured({
        promptVersion: ASK_PROMPT_VERSION,
        system: ASK_SYSTEM,
        user: askUserPrompt(input.question, prText(ctx, input), fitted.text, fitted.omitted, input),
        schema: askAnswerSchema,
        name: 'answer_question',
        description: 'The answer to the question about the pull request.',
      });
      const answer = sanitizeModelText(result.value.answer, { maxLength: 6000 });
      const paths = new Set(files.map((file) => file.path));
      const references = result.value.references.filter((ref) => paths.has(ref.file)).slice(0, 20);
      const quoted = sanitizeModelText(input.question, { maxLength: 300 }).replace(/\n+/g, ' ');
      const markdown = `> ${quoted}\n\n${answer}\n\n<sub>Answered by ${result.model}.</sub>`;
      return { answer, references, markdown, llm: { used: true, model: result.model }, usage: finishUsage(session, tools) };
    },
  });
}
