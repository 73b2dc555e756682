import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/engine/loader/index.js';
import type { Workflow } from '../../src/engine/workflow.js';
import { registry, triggers, yaml } from './helpers.js';

const PR_REVIEW = yaml(
  'name: pr-review',
  'description: Review a pull request',
  'on:',
  '  github:',
  '    pull_request: { types: [opened, synchronize, reopened, ready_for_review], branches: [main], paths: ["src/**"] }',
  '    pull_request_target:',
  '    issue_comment: { commands: review }',
  '    issues: { types: [opened, labeled], labels: [bug] }',
  '  slack: { commands: [review], mentions: true }',
  '  jenkins: { status: [FAILURE, UNSTABLE], job: ["app-*"] }',
  '  api: true',
  '  manual: {}',
  'inputs:',
  '  diff: { type: string, required: true, description: Unified diff to review }',
  '  max-findings: { type: number, default: 50 }',
  'env: { FOO: bar, RETRIES: 3 }',
  'concurrency: "review-${{ event.repo }}-${{ event.number }}"',
  'timeout-minutes: 10',
  'outputs: { report: "${{ steps.report.outputs.markdown }}" }',
  'steps:',
  '  - id: analyze',
  '    name: Analyze the diff',
  '    uses: diff.analyze',
  '    with: { diff: "${{ inputs.diff }}", max-findings: "${{ inputs.max-findings }}" }',
  "    if: ${{ inputs.diff != '' }}",
  '    retry: 3',
  '    timeout: 30s',
  '  - uses: diff.analyze',
  '    with: { diff: "${{ inputs.diff }}" }',
  '    retry: { attempts: 2, backoff: fixed, delay: 500ms }',
  '    timeout-minutes: 2',
  '  - uses: diff.analyze',
  '    needs: []',
  '    with: { diff: "${{ inputs.diff }}" }',
  '  - id: report',
  '    uses: report.render',
  '    needs: [analyze, diff-analyze-2]',
  '    continue-on-error: true',
  '    with:',
  '      findings: ${{ steps.analyze.outputs.findings }}',
);

describe('parseWorkflow', () => {
  it('normalizes a full workflow: shorthands expanded, defaults filled, implicit sequential needs', () => {
    const expected: Workflow = {
      name: 'pr-review',
      description: 'Review a pull request',
      file: 'workflows/pr-review.yml',
      on: {
        github: {
          issue_comment: { commands: ['review'] },
          issues: { types: ['opened', 'labeled'], labels: ['bug'] },
          pull_request: { types: ['opened', 'synchronize', 'reopened', 'ready_for_review'], branches: ['main'], paths: ['src/**'] },
          pull_request_target: {},
        },
        slack: { commands: ['review'], mentions: true },
        jenkins: { status: ['FAILURE', 'UNSTABLE'], job: ['app-*'] },
        api: true,
        manual: true,
      },
      inputs: {
        diff: { type: 'string', required: true, description: 'Unified diff to review' },
        'max-findings': { type: 'number', required: false, default: 50 },
      },
      env: { FOO: 'bar', RETRIES: '3' },
      concurrency: { group: 'review-${{ event.repo }}-${{ event.number }}', cancelInProgress: false },
      timeoutMs: 600_000,
      steps: [
        {
          id: 'analyze',
          name: 'Analyze the diff',
          uses: 'diff.analyze',
          with: { diff: '${{ inputs.diff }}', 'max-findings': '${{ inputs.max-findings }}' },
          if: "${{ inputs.diff != '' }}",
          needs: [],
          retry: { attempts: 3, backoff: 'exponential', delayMs: 1000, maxDelayMs: 30_000, jitter: true },
          timeoutMs: 30_000,
          continueOnError: false,
        },
        {
          id: 'diff-analyze',
          uses: 'diff.analyze',
          with: { diff: '${{ inputs.diff }}' },
          needs: ['analyze'],
          retry: { attempts: 2, backoff: 'fixed', delayMs: 500, maxDelayMs: 30_000, jitter: true },
          timeoutMs: 120_000,
          continueOnError: false,
        },
        { id: 'diff-analyze-2', uses: 'diff.analyze', with: { diff: '${{ inputs.diff }}' }, needs: [], continueOnError: false },
        {
          id: 'report',
          uses: 'report.render',
          with: { findings: '${{ steps.analyze.outputs.findings }}' },
          needs: ['analyze', 'diff-analyze-2'],
          continueOnError: true,
        },
      ],
      outputs: { report: '${{ steps.report.outputs.markdown }}' },
    };
    expect(parseWorkflow(PR_REVIEW, { file: 'workflows/pr-review.yml', actions: registry(), triggers })).toEqual(expected);
  });

  it('reads concurrency as a mapping with cancel-in-progress, and timeout as a duration', () => {
    const workflow = parseWorkflow(
      yaml('name: triage', 'concurrency: { group: "triage-${{ event.number }}", cancel-in-progress: true }', 'timeout: 1m30s', 'steps:', '  - uses: issue.triage'),
    );
    expect(workflow.concurrency).toEqual({ group: 'triage-${{ event.number }}', cancelInProgress: true });
    expect(workflow.timeoutMs).toBe(90_000);
    expect(workflow.on).toEqual({});
    expect(workflow.file).toBeUndefined();
  });

  it('derives ids from uses without taking an id another step declares', () => {
    const workflow = parseWorkflow(
      yaml('name: ids', 'steps:', '  - uses: github.comment', '  - uses: github.comment', '  - id: github-comment-2', '    uses: github.label'),
    );
    expect(workflow.steps.map((step) => [step.id, step.needs])).toEqual([
      ['github-comment', []],
      ['github-comment-3', ['github-comment']],
      ['github-comment-2', ['github-comment-3']],
    ]);
  });

  it('keeps a boolean if as the condition text', () => {
    expect(parseWorkflow(yaml('name: x', 'steps:', '  - uses: a.b', '    if: false')).steps[0]?.if).toBe('false');
  });
});
