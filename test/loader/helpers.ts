import { z } from 'zod';
import { ActionRegistry, defineAction } from '../../src/engine/action.js';
import { parseWorkflow, WorkflowValidationError, type LoadOptions } from '../../src/engine/loader/index.js';
import { createTriggerKinds } from '../../src/trigger-kinds.js';

export const FILE = 'workflows/pr-review.yml';

/** YAML from lines, so positions in assertions can be counted without fighting indentation. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Every trigger kind the runtime registers (`github`, `slack`, `jenkins`, `api`, `manual`), as `validate` checks with. */
export const triggers = createTriggerKinds();

/** The `file:line:col: message` lines a workflow is rejected with; fails the test if it loads. */
export function problemsOf(text: string, options: Omit<LoadOptions, 'file'> = {}): string[] {
  try {
    parseWorkflow(text, { triggers, ...options, file: FILE });
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the workflow to be rejected');
}

/** A registry with two actions whose inputs are plain zod objects, as real actions declare them. */
export function registry(): ActionRegistry {
  return new ActionRegistry().register(
    defineAction({
      name: 'diff.analyze',
      description: 'Finds problems in a diff',
      input: z.object({ diff: z.string(), 'max-findings': z.number().int().optional() }),
      output: z.object({ findings: z.array(z.string()) }),
      run: () => Promise.resolve({ findings: [] }),
    }),
    defineAction({
      name: 'report.render',
      description: 'Renders findings as markdown',
      input: z.object({ findings: z.array(z.string()).default([]), title: z.string().optional() }),
      output: z.object({ markdown: z.string() }),
      run: () => Promise.resolve({ markdown: '' }),
    }),
  );
}
