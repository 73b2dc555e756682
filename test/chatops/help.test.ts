import { describe, expect, it } from 'vitest';
import { commandTable, type ChatCommand } from '../../src/chatops/command-table.js';
import { helpText } from '../../src/chatops/help.js';
import { GITHUB_BUILTINS, githubCommandsOf } from '../../src/integrations/github/dispatch/command-replies.js';
import type { Workflow } from '../../src/engine/workflow.js';
import { commandsFrom, workflow } from './workflows.js';

const STATUS: ChatCommand = { name: 'status', usage: 'status <run-id>', description: 'where a run is', workflows: [], builtin: true };

function onComment(name: string, commands: string[]): Workflow {
  return { ...workflow(name), on: { github: { issue_comment: { commands } } } };
}

describe('help', () => {
  it("in markdown, GitHub's /sdlc help comment, word for word", () => {
    const workflows = [onComment('pr-review', ['review']), onComment('issue-triage', ['triage', 'review']), workflow('nightly')];
    expect(helpText('/sdlc', commandTable(workflows, githubCommandsOf, GITHUB_BUILTINS), workflows, 'markdown')).toMatchInlineSnapshot(`
      "**agentic-sdlc commands**

      - \`/sdlc help\`: this list
      - \`/sdlc run <workflow> [key=value ...]\`: run a workflow with inputs
      - \`/sdlc rerun\`: run this pull request's or issue's last workflows again
      - \`/sdlc cancel\`: cancel its runs in progress
      - \`/sdlc review\`: runs \`pr-review\`, \`issue-triage\`
      - \`/sdlc triage\`: runs \`issue-triage\`

      Workflows for \`run\`: \`pr-review\`, \`issue-triage\`, \`nightly\`"
    `);
  });

  it('in markdown, without workflows, lists only the built-ins', () => {
    expect(helpText('/sdlc', commandTable([], githubCommandsOf, GITHUB_BUILTINS), [], 'markdown')).toMatchInlineSnapshot(`
      "**agentic-sdlc commands**

      - \`/sdlc help\`: this list
      - \`/sdlc run <workflow> [key=value ...]\`: run a workflow with inputs
      - \`/sdlc rerun\`: run this pull request's or issue's last workflows again
      - \`/sdlc cancel\`: cancel its runs in progress"
    `);
  });

  it('in Slack mrkdwn: single-star bold, bullets, code in backticks', () => {
    const workflows = [workflow('pr-review'), workflow('pr-describe')];
    const table = commandTable(workflows, commandsFrom({ 'pr-review': ['review'], 'pr-describe': ['describe'] }), [STATUS]);
    expect(helpText('/sdlc', table, ['pr-review', 'pr-describe'], 'mrkdwn')).toMatchInlineSnapshot(`
      "*agentic-sdlc commands*

      • \`/sdlc help\`: this list
      • \`/sdlc run <workflow> [key=value ...]\`: run a workflow with inputs
      • \`/sdlc status <run-id>\`: where a run is
      • \`/sdlc describe\`: runs \`pr-describe\`
      • \`/sdlc review\`: runs \`pr-review\`

      Workflows for \`run\`: \`pr-review\`, \`pr-describe\`"
    `);
  });
});
