import { describe, expect, it } from 'vitest';
import { parseWorkflow, WorkflowValidationError } from '../../src/engine/loader/index.js';
import { FILE, problemsOf, registry, triggers, yaml } from './helpers.js';

describe('workflow problems point at file:line:col', () => {
  it('reports a YAML syntax error where the parser stopped', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    with: { diff: [1, 2 }');
    expect(problemsOf(text)).toEqual([
      `${FILE}:4:25: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${FILE}:4:26: Flow map in block collection must be sufficiently indented and end with a }`,
    ]);
  });

  it('points at a misspelled top-level key and suggests the right one', () => {
    const text = yaml('name: review', 'descripton: Review a PR', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([`${FILE}:2:1: unknown top-level key 'descripton'; did you mean description?`]);
  });

  it('points at a misspelled step key (need) and suggests needs', () => {
    const text = yaml('name: review', 'steps:', '  - id: analyze', '    uses: diff.analyze', '  - uses: report.render', '    need: [analyze]');
    expect(problemsOf(text)).toEqual([`${FILE}:6:5: unknown key 'need' in steps[1]; did you mean needs?`]);
  });

  it('suggests continue-on-error for continue-on-errors', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    continue-on-errors: true');
    expect(problemsOf(text)).toEqual([`${FILE}:4:5: unknown key 'continue-on-errors' in steps[0]; did you mean continue-on-error?`]);
  });

  it('turns a GitHub Actions habit into a hint when no key is close', () => {
    const text = yaml('name: review', 'jobs: {}', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([`${FILE}:2:1: unknown top-level key 'jobs'; a workflow has no jobs; list its steps under steps:`]);
  });

  it('points at an on.manual.required name that is not an input, and suggests the closest', () => {
    const text = yaml('name: review', 'on:', '  manual: { required: [dif] }', 'inputs:', '  diff: { type: string }', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([`${FILE}:3:24: on.manual.required names 'dif', which is not an input; did you mean diff?`]);
  });

  it('reports an unknown action at its name with the closest registered one', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyse');
    expect(problemsOf(text, { actions: registry() })).toEqual([`${FILE}:3:11: unknown action 'diff.analyse'; did you mean diff.analyze?`]);
  });

  it("reports a with key the action's input schema does not have", () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    with:', '      dif: ${{ event.payload.diff }}');
    expect(problemsOf(text, { actions: registry() })).toEqual([`${FILE}:5:7: action 'diff.analyze' has no input 'dif'; did you mean diff?`]);
  });

  it('checks literal with values against the action input, but not values computed by expressions', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    with:', '      diff: ${{ event.payload.diff }}', "      max-findings: 'many'");
    expect(problemsOf(text, { actions: registry() })).toEqual([`${FILE}:6:21: steps[0].with.max-findings must be a number, got 'many'`]);
  });

  it('does not require action inputs that with leaves out', () => {
    const text = yaml('name: review', 'steps:', '  - uses: report.render');
    expect(parseWorkflow(text, { actions: registry() }).steps[0]?.with).toEqual({});
  });

  it('names the steps of a needs cycle, pointing at the needs entry that closes it', () => {
    const text = yaml(
      'name: review',
      'steps:',
      '  - id: a',
      '    uses: diff.analyze',
      '    needs: [c]',
      '  - id: b',
      '    uses: diff.analyze',
      '  - id: c',
      '    uses: diff.analyze',
    );
    expect(problemsOf(text)).toEqual([`${FILE}:5:13: needs form a cycle: a → c → b → a`]);
  });

  it('reports needs naming a step that does not exist, with a suggestion', () => {
    const text = yaml('name: review', 'steps:', '  - id: analyze', '    uses: diff.analyze', '  - uses: report.render', '    needs: analyse');
    expect(problemsOf(text)).toEqual([`${FILE}:6:12: step 'report-render' needs 'analyse', which is not a step; did you mean analyze?`]);
  });

  it('reports an unknown context at the identifier inside the string', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    with:', '      diff: "head ${{ evnt.payload.diff }}"');
    expect(problemsOf(text)).toEqual([
      `${FILE}:5:23: unknown context 'evnt'; known contexts: event, inputs, steps, env, secrets, run, integrations; did you mean 'event'?`,
    ]);
  });

  it('locates expression errors inside single-quoted and block scalars', () => {
    const text = yaml(
      'name: review',
      'steps:',
      '  - uses: diff.analyze',
      '    with:',
      "      title: 'it''s ${{ evnt.x }}'",
      '      body: |',
      '        first line',
      '          ${{ stepz.x }}',
    );
    expect(problemsOf(text).map((line) => line.split(': unknown')[0])).toEqual([`${FILE}:5:25`, `${FILE}:8:15`]);
  });

  it('tells a step that reads a step it does not need which needs to add', () => {
    const text = yaml(
      'name: review',
      'steps:',
      '  - id: analyze',
      '    uses: diff.analyze',
      '  - id: report',
      '    uses: report.render',
      '    needs: []',
      '    with: { findings: "${{ steps.analyze.outputs.findings }}" }',
    );
    expect(problemsOf(text)).toEqual([`${FILE}:8:34: step 'report' reads steps.analyze but does not need it; add needs: [analyze]`]);
  });

  it('lets a step read the steps it needs transitively, and workflow outputs read any step', () => {
    const text = yaml(
      'name: review',
      'outputs:',
      '  first: ${{ steps.analyze.outputs.findings }}',
      'steps:',
      '  - id: analyze',
      '    uses: diff.analyze',
      '  - id: lint',
      '    uses: diff.analyze',
      '  - id: report',
      '    uses: report.render',
      '    if: steps.analyze.outputs.findings != null',
    );
    expect(parseWorkflow(text).steps.map((step) => step.needs)).toEqual([[], ['analyze'], ['lint']]);
  });

  it('reports a bad duration at its value', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    timeout: 10 mins');
    expect(problemsOf(text)).toEqual([`${FILE}:4:14: steps[0].timeout must be a duration such as 500ms, 30s, 5m or 1h30m, got '10 mins'`]);
  });

  it('reports an input default that does not match the input type', () => {
    const text = yaml('name: review', 'inputs:', '  max-findings: { type: number, default: fifty }', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([`${FILE}:3:42: inputs.max-findings.default must be a number (the input's type), got 'fifty'`]);
  });

  it('reports a default outside the input options, and options on a non-string input', () => {
    const text = yaml('name: review', 'inputs:', '  mode: { options: [comment, body], default: both }', '  n: { type: number, options: [a] }', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([
      `${FILE}:3:46: inputs.mode.default must be one of its options (comment, body), got 'both'`,
      `${FILE}:4:31: inputs.n.options needs type: string`,
    ]);
    expect(parseWorkflow(yaml('name: review', 'inputs:', '  mode: { options: [comment, body], default: body }', 'steps:', '  - uses: diff.analyze')).inputs.mode).toEqual({
      type: 'string',
      required: false,
      default: 'body',
      options: ['comment', 'body'],
    });
  });

  it('reports a duplicate step id at the second step', () => {
    const text = yaml('name: review', 'steps:', '  - id: analyze', '    uses: diff.analyze', '  - id: analyze', '    uses: report.render');
    expect(problemsOf(text)).toEqual([`${FILE}:5:9: duplicate step id 'analyze'; steps[0] already uses it`]);
  });

  it('reports a missing required key at the map that lacks it', () => {
    const text = yaml('name: review', 'steps:', '  - id: analyze', '    with: {}');
    expect(problemsOf(text)).toEqual([`${FILE}:3:5: missing required key 'uses' in steps[0]`]);
  });

  it('reports retry attempts out of range and a wrongly typed shorthand', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    retry: { attempts: 30 }', '  - uses: diff.analyze', '    retry: often');
    expect(problemsOf(text)).toEqual([
      `${FILE}:4:24: steps[0].retry.attempts must be at most 10, got 30`,
      `${FILE}:6:12: steps[1].retry must be a number or a mapping, got 'often'`,
    ]);
  });

  it('reports every problem in the file at once, in file order', () => {
    const text = yaml(
      'name: review',
      'on:',
      '  github:',
      '    pull-request: {}',
      'steps:',
      '  - id: analyze',
      '    uses: diff.analyse',
      '    timeout: soon',
      '  - id: report',
      '    uses: report.render',
      '    need: [analyze]',
      '    with: { findings: "${{ stepz.analyze }}" }',
    );
    const error = (() => {
      try {
        parseWorkflow(text, { file: FILE, actions: registry(), triggers });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WorkflowValidationError);
    const { problems } = error as WorkflowValidationError;
    expect(problems.map(({ line, col }) => `${line}:${col}`)).toEqual(['4:5', '7:11', '8:14', '11:5', '12:28']);
    expect(problems[0]).toEqual({ file: FILE, line: 4, col: 5, message: "unknown key 'pull-request' in on.github; did you mean pull_request?" });
  });

  it('names the file the problems are in as <workflow> when none is given', () => {
    expect(() => parseWorkflow('name: review\n')).toThrow("<workflow>:1:1: missing required key 'steps'");
  });
});

describe('YAML document problems', () => {
  it('reports a second YAML document at its separator', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '---', 'name: other');
    expect(problemsOf(text)).toEqual([`${FILE}:4:1: a workflow file holds one YAML document; move what follows '---' to its own file`]);
  });

  it('reports an alias without an anchor at the alias', () => {
    const text = yaml('name: review', 'steps:', '  - uses: diff.analyze', '    with: *defaults');
    expect(problemsOf(text)).toEqual([`${FILE}:4:11: alias *defaults has no anchor &defaults before it`]);
  });
});
