import { z } from 'zod';
import { defineAction, type AnyAction } from '../../engine/action.js';
import { FeedbackLimitError, type FeedbackStore } from '../../engine/ports/feedback-store.js';
import { redactText } from '../../llm/redact.js';
import { forgetUsage, forgotReply, learnedReply, learnUsage, listReply, noSuchReply, notLearnedReply } from './replies.js';

export interface FeedbackActionDeps {
  feedback: FeedbackStore;
  /** Configured secret values, masked in learned text like any token format the redactor knows. */
  knownSecrets?: readonly string[];
  /** Epoch ms; tests inject a clock. */
  now?: () => number;
}

const repo = z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected `owner/name`: pass `repo: ${{ event.repo }}`');
const prefix = z.string().default('/sdlc');
const replyOutput = { reply: z.string() };

/**
 * `feedback.learn`, `feedback.learned`, `feedback.forget`: a repository's learned review instructions, each
 * answering with the reply text for the surface to post. A mistake (no text, no number, a limit) is a reply,
 * not a failure: the user typed it, the user reads why. Learned text is redacted before it is stored, since
 * it goes into every later prompt and into the state database.
 */
export function createFeedbackActions(deps: FeedbackActionDeps): AnyAction[] {
  const now = deps.now ?? Date.now;
  const learn = defineAction({
    name: 'feedback.learn',
    description: "Adds a line to the repository's learned review instructions (they go into every AI review prompt).",
    input: z.object({ repo, text: z.string().default(''), author: z.string().default('unknown'), prefix }),
    output: z.object({ ...replyOutput, number: z.number().optional() }),
    async run(_ctx, input) {
      if (!input.text.trim()) return { reply: learnUsage(input.prefix) };
      const { text, redactions } = redactText(input.text.trim(), { known: deps.knownSecrets ?? [] });
      try {
        const number = await deps.feedback.addInstruction(input.repo, text, input.author, now());
        return { reply: learnedReply(number, text, redactions, input.prefix), number };
      } catch (error) {
        if (error instanceof FeedbackLimitError) return { reply: notLearnedReply(error.message) };
        throw error;
      }
    },
  });
  const learned = defineAction({
    name: 'feedback.learned',
    description: "Lists the repository's learned review instructions, numbered.",
    input: z.object({ repo, prefix }),
    output: z.object({ ...replyOutput, instructions: z.array(z.object({ number: z.number(), text: z.string(), author: z.string() })) }),
    async run(_ctx, input) {
      const instructions = await deps.feedback.listInstructions(input.repo);
      return { reply: listReply(instructions, input.prefix), instructions: instructions.map(({ number, text, author }) => ({ number, text, author })) };
    },
  });
  const forget = defineAction({
    name: 'feedback.forget',
    description: 'Removes learned review instruction n (as `feedback.learned` numbers them).',
    input: z.object({ repo, number: z.union([z.string(), z.number()]).default(''), prefix }),
    output: z.object({ ...replyOutput, forgotten: z.string().optional() }),
    async run(_ctx, input) {
      const typed = String(input.number).trim();
      const number = /^\d{1,6}$/.test(typed) ? Number(typed) : 0;
      if (number < 1) return { reply: forgetUsage(input.prefix) };
      const forgotten = await deps.feedback.removeInstruction(input.repo, number);
      if (forgotten === undefined) return { reply: noSuchReply(number, (await deps.feedback.listInstructions(input.repo)).length, input.prefix) };
      return { reply: forgotReply(number, forgotten), forgotten };
    },
  });
  return [learn, learned, forget];
}
