import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/engine/loader/index.js';
import { matchWorkflows } from '../../src/engine/match-trigger.js';
import type { TriggerEvent } from '../../src/engine/trigger-event.js';
import { FILE, problemsOf, triggers, yaml } from '../loader/helpers.js';

const workflow = (on: string) => parseWorkflow(yaml('name: wf', 'on:', `  jenkins: ${on}`, 'steps:', '  - uses: diff.analyze'), { triggers, file: FILE });

const build = (phase: string, status?: string, job = 'app-build'): TriggerEvent => ({
  source: 'jenkins',
  event: 'build',
  action: phase,
  details: { jenkins: { job, build: 1, phase, ...(status ? { status } : {}) } },
});

describe('on.jenkins', () => {
  it('matches by phase (one or a list, any case), status and job together', () => {
    const finalFailure = workflow('{ status: [FAILURE, UNSTABLE], job: [app-*], phase: FINALIZED }');
    const started = workflow('{ phase: [queued, started] }');
    expect(matchWorkflows(triggers, [finalFailure], build('FINALIZED', 'FAILURE'))).toHaveLength(1);
    expect(matchWorkflows(triggers, [finalFailure], build('FINALIZED', 'UNSTABLE'))).toHaveLength(1);
    expect(matchWorkflows(triggers, [finalFailure], build('COMPLETED', 'FAILURE'))).toHaveLength(0);
    expect(matchWorkflows(triggers, [finalFailure], build('FINALIZED', 'SUCCESS'))).toHaveLength(0);
    expect(matchWorkflows(triggers, [finalFailure], build('FINALIZED', 'FAILURE', 'web-build'))).toHaveLength(0);
    expect(matchWorkflows(triggers, [started], build('STARTED'))).toHaveLength(1);
    expect(matchWorkflows(triggers, [started], build('FINALIZED', 'FAILURE'))).toHaveLength(0);
  });

  it('never matches a status filter while the build has no result (QUEUED, STARTED)', () => {
    expect(matchWorkflows(triggers, [workflow('{ status: FAILURE }')], build('STARTED'))).toHaveLength(0);
  });

  it('listens to every phase when none is named', () => {
    const any = workflow('{ job: app-* }');
    for (const phase of ['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED']) expect(matchWorkflows(triggers, [any], build(phase))).toHaveLength(1);
  });

  it('says which phase was meant when one is misspelt, and lists them otherwise', () => {
    expect(problemsOf(yaml('name: wf', 'on:', '  jenkins: { phase: [FINALISED] }', 'steps:', '  - uses: diff.analyze'))).toEqual([
      `${FILE}:3:22: unknown Jenkins phase 'FINALISED'; did you mean FINALIZED?`,
    ]);
    expect(problemsOf(yaml('name: wf', 'on:', '  jenkins: { phase: done }', 'steps:', '  - uses: diff.analyze'))).toEqual([
      `${FILE}:3:21: unknown Jenkins phase 'done'; expected one of QUEUED, STARTED, COMPLETED, FINALIZED`,
    ]);
  });
});
