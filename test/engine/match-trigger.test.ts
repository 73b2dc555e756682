import { describe, expect, it } from 'vitest';
import { matchesTrigger, matchWorkflows } from '../../src/engine/match-trigger.js';
import type { TriggerEvent } from '../../src/engine/trigger-event.js';
import { builtinTriggerKinds, TriggerKindRegistry } from '../../src/engine/trigger-kind.js';
import type { Workflow, WorkflowTriggers } from '../../src/engine/workflow.js';
import { createTriggerKinds } from '../../src/trigger-kinds.js';

/** Matching goes through the registry: the kind named by `event.source` decides on `on[event.source]`. */
const kinds = createTriggerKinds();

function workflow(on: WorkflowTriggers, name = 'wf'): Workflow {
  return { name, on, inputs: {}, env: {}, steps: [{ id: 'a', uses: 'diff.analyze', with: {}, needs: [], continueOnError: false }], outputs: {} };
}

const pullRequest = (overrides: Partial<TriggerEvent> = {}): TriggerEvent => ({
  source: 'github',
  event: 'pull_request',
  action: 'opened',
  repo: 'octo/app',
  number: 7,
  branch: 'main',
  labels: [],
  ...overrides,
});

describe('matchesTrigger for GitHub events', () => {
  it('matches only the event names the workflow lists', () => {
    const wf = workflow({ github: { pull_request: {} } });
    expect(matchesTrigger(kinds, wf, pullRequest())).toBe(true);
    expect(matchesTrigger(kinds, wf, pullRequest({ event: 'issues' }))).toBe(false);
    expect(matchesTrigger(kinds, wf, pullRequest({ event: 'constructor' }))).toBe(false);
  });

  it('filters by action with types', () => {
    const wf = workflow({ github: { pull_request: { types: ['opened', 'synchronize'] } } });
    expect(matchesTrigger(kinds, wf, pullRequest({ action: 'synchronize' }))).toBe(true);
    expect(matchesTrigger(kinds, wf, pullRequest({ action: 'closed' }))).toBe(false);
  });

  it('filters by target branch with globs, where a later !pattern excludes', () => {
    const wf = workflow({ github: { pull_request: { branches: ['main', 'release/**', '!release/legacy/**'] } } });
    expect(matchesTrigger(kinds, wf, pullRequest({ branch: 'main' }))).toBe(true);
    expect(matchesTrigger(kinds, wf, pullRequest({ branch: 'release/2.0' }))).toBe(true);
    expect(matchesTrigger(kinds, wf, pullRequest({ branch: 'release/legacy/1.0' }))).toBe(false);
    expect(matchesTrigger(kinds, wf, pullRequest({ branch: 'feature/x' }))).toBe(false);
    expect(matchesTrigger(kinds, wf, pullRequest({ branch: undefined }))).toBe(false);
  });

  it('treats a branch list of only exclusions as everything else', () => {
    const wf = workflow({ github: { pull_request: { branches: ['!gh-pages'] } } });
    expect(matchesTrigger(kinds, wf, pullRequest({ branch: 'main' }))).toBe(true);
    expect(matchesTrigger(kinds, wf, pullRequest({ branch: 'gh-pages' }))).toBe(false);
  });

  it('matches paths when any changed file matches, and does not exclude events that carry no paths', () => {
    const wf = workflow({ github: { pull_request: { paths: ['src/**', '.github/**', '!src/**/*.md'] } } });
    expect(matchesTrigger(kinds, wf, pullRequest({ paths: ['README.md', 'src/engine/run.ts'] }))).toBe(true);
    expect(matchesTrigger(kinds, wf, pullRequest({ paths: ['.github/workflows/ci.yml'] }))).toBe(true);
    expect(matchesTrigger(kinds, wf, pullRequest({ paths: ['docs/index.md', 'src/docs/notes.md'] }))).toBe(false);
    expect(matchesTrigger(kinds, wf, pullRequest({ paths: undefined }))).toBe(true);
  });

  it('for labeled events, requires the label just added; otherwise any current label', () => {
    const wf = workflow({ github: { issues: { labels: ['bug'] } } });
    const issue = (overrides: Partial<TriggerEvent>): TriggerEvent => ({ source: 'github', event: 'issues', repo: 'octo/app', number: 3, ...overrides });
    expect(matchesTrigger(kinds, wf, issue({ action: 'labeled', label: 'bug', labels: ['bug'] }))).toBe(true);
    expect(matchesTrigger(kinds, wf, issue({ action: 'labeled', label: 'docs', labels: ['bug', 'docs'] }))).toBe(false);
    expect(matchesTrigger(kinds, wf, issue({ action: 'opened', labels: ['docs', 'bug'] }))).toBe(true);
    expect(matchesTrigger(kinds, wf, issue({ action: 'opened', labels: ['docs'] }))).toBe(false);
    expect(matchesTrigger(kinds, wf, issue({ action: 'opened' }))).toBe(false);
  });

  it('matches an issue comment by its /sdlc command; a comment without a command only matches workflows without a commands filter', () => {
    const withCommands = workflow({ github: { issue_comment: { commands: ['review'] } } });
    const anyComment = workflow({ github: { issue_comment: {} } });
    const comment = (command?: string): TriggerEvent => ({
      source: 'github',
      event: 'issue_comment',
      action: 'created',
      ...(command !== undefined && { command: { name: command, args: [] } }),
    });
    expect(matchesTrigger(kinds, withCommands, comment('review'))).toBe(true);
    expect(matchesTrigger(kinds, withCommands, comment('triage'))).toBe(false);
    expect(matchesTrigger(kinds, withCommands, comment())).toBe(false);
    expect(matchesTrigger(kinds, anyComment, comment())).toBe(true);
  });
});

describe('matchesTrigger for Slack, Jenkins, API and manual runs', () => {
  it('matches a Slack slash command by name, and mentions only when enabled', () => {
    const commands = workflow({ slack: { commands: ['review'] } });
    const mentions = workflow({ slack: { mentions: true } });
    const slash: TriggerEvent = { source: 'slack', event: 'slash_command', command: { name: 'review', args: ['octo/app#7'] } };
    const mention: TriggerEvent = { source: 'slack', event: 'app_mention' };
    expect(matchesTrigger(kinds, commands, slash)).toBe(true);
    expect(matchesTrigger(kinds, commands, { ...slash, command: { name: 'triage', args: [] } })).toBe(false);
    expect(matchesTrigger(kinds, commands, mention)).toBe(false);
    expect(matchesTrigger(kinds, mentions, mention)).toBe(true);
    expect(matchesTrigger(kinds, mentions, slash)).toBe(false);
  });

  it('matches Jenkins builds by status, ignoring case, and by job glob', () => {
    const wf = workflow({ jenkins: { status: ['FAILURE', 'unstable'], job: ['app-*', '!app-nightly'] } });
    const build = (status: string, job: string): TriggerEvent => ({
      source: 'jenkins',
      event: 'build',
      action: 'FINALIZED',
      details: { jenkins: { status, job } },
    });
    expect(matchesTrigger(kinds, wf, build('FAILURE', 'app-build'))).toBe(true);
    expect(matchesTrigger(kinds, wf, build('UNSTABLE', 'app-test'))).toBe(true);
    expect(matchesTrigger(kinds, wf, build('SUCCESS', 'app-build'))).toBe(false);
    expect(matchesTrigger(kinds, wf, build('FAILURE', 'app-nightly'))).toBe(false);
    expect(matchesTrigger(kinds, wf, build('FAILURE', 'web-build'))).toBe(false);
  });

  it('matches API and manual runs only when the workflow allows them', () => {
    const api: TriggerEvent = { source: 'api', event: 'run' };
    const manual: TriggerEvent = { source: 'manual', event: 'run' };
    expect(matchesTrigger(kinds, workflow({ api: true }), api)).toBe(true);
    expect(matchesTrigger(kinds, workflow({ api: true }), manual)).toBe(false);
    expect(matchesTrigger(kinds, workflow({ manual: true }), manual)).toBe(true);
    expect(matchesTrigger(kinds, workflow({ github: { pull_request: {} } }), api)).toBe(false);
    expect(matchesTrigger(kinds, workflow({ api: false, manual: false }), api)).toBe(false);
    expect(matchesTrigger(kinds, workflow({ api: false, manual: false }), manual)).toBe(false);
  });

  it('matches nothing for an event whose kind is not registered, even when the workflow names it', () => {
    const engineOnly = new TriggerKindRegistry().register(...builtinTriggerKinds());
    const wf = workflow({ github: { pull_request: {} }, manual: true });
    expect(matchesTrigger(engineOnly, wf, pullRequest())).toBe(false);
    expect(matchesTrigger(engineOnly, wf, { source: 'manual', event: 'run' })).toBe(true);
    expect(matchesTrigger(kinds, wf, { source: 'gitlab', event: 'merge_request' })).toBe(false);
    expect(matchesTrigger(kinds, wf, { source: 'constructor', event: 'run' })).toBe(false);
  });
});

describe('matchWorkflows', () => {
  it('returns the workflows an event starts, in the order given', () => {
    const review = workflow({ github: { pull_request: { types: ['opened'] } } }, 'review');
    const triage = workflow({ github: { issues: {} } }, 'triage');
    const summary = workflow({ github: { pull_request: {} } }, 'summary');
    expect(matchWorkflows(kinds, [review, triage, summary], pullRequest()).map((wf) => wf.name)).toEqual(['review', 'summary']);
  });
});
