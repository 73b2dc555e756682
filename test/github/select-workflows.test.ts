import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/engine/loader/index.js';
import { repoConfigSchema } from '../../src/integrations/github/repo-config/repo-config.js';
import { inputsFor } from '../../src/integrations/github/dispatch/select-workflows.js';

const workflow = parseWorkflow(
  ['name: wf', 'inputs:', '  analyzer: { type: object, default: {} }', '  model: { type: string, default: "" }', '  title: { type: string, default: "" }', 'steps:', '  - uses: x.y', ''].join('\n'),
);

describe('inputs from .github/agentic-sdlc.yml', () => {
  it('passes analyzer settings and the model to the inputs a workflow declares, prefixing the provider', () => {
    const config = repoConfigSchema.parse({ analyzer: { rules: { todo: 'off' } }, llm: { provider: 'anthropic', model: 'claude-sonnet-4-6' } });
    expect(inputsFor(workflow, config)).toEqual({ analyzer: { rules: { todo: 'off' } }, model: 'anthropic:claude-sonnet-4-6' });
  });

  it('keeps a model that already names its provider, and lets explicit command inputs win', () => {
    const config = repoConfigSchema.parse({ llm: { model: 'openai:gpt-4.1-mini' }, workflows: { wf: { inputs: { title: 'From config', other: 1 } } } });
    expect(inputsFor(workflow, config, { title: 'From /sdlc run' })).toEqual({ model: 'openai:gpt-4.1-mini', title: 'From /sdlc run' });
  });
});
