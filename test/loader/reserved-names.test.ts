import { describe, expect, it } from 'vitest';
import { resolveInputs } from '../../src/engine/inputs.js';
import { parseWorkflow } from '../../src/engine/loader/index.js';
import { FILE, problemsOf, registry, yaml } from './helpers.js';

const PROTO = `${FILE}:%s: key '__proto__' is not allowed: it would replace a JavaScript object's prototype; rename or remove it`;
const proto = (at: string) => PROTO.replace('%s', at);
const RESERVED = 'must not be constructor, prototype or __proto__ (in any case): expressions cannot read such a name';

describe('a __proto__ key anywhere in a workflow', () => {
  it.each([
    ['with a registry, in with:', yaml('name: t', 'steps:', '  - uses: diff.analyze', '    with: { __proto__: { a: 1 } }'), '4:13', true],
    ['without a registry, in with:', yaml('name: t', 'steps:', '  - uses: diff.analyze', '    with: { __proto__: { a: 1 } }'), '4:13', false],
    ['at the top level', yaml('name: t', '__proto__: {}', 'steps:', '  - uses: diff.analyze'), '2:1', true],
    ['as an input name', yaml('name: t', 'inputs:', '  __proto__: { type: string }', 'steps:', '  - uses: diff.analyze'), '3:3', true],
    ['as an output name', yaml('name: t', 'steps:', '  - uses: diff.analyze', 'outputs:', '  __proto__: x'), '5:3', true],
    ['as an env name', yaml('name: t', 'env:', '  "__proto__": x', 'steps:', '  - uses: diff.analyze'), '3:3', true],
    ['as a github event', yaml('name: t', 'on:', '  github:', '    __proto__: {}', 'steps:', '  - uses: diff.analyze'), '4:5', true],
    ['nested in a with: value', yaml('name: t', 'steps:', '  - uses: test.any', '    with:', '      config: { rules: { __proto__: { polluted: true } } }'), '5:26', false],
    ['through an alias', yaml('name: t', 'description: &k __proto__', 'steps:', '  - uses: test.any', '    with: { *k : 1 }'), '5:13', false],
  ])('is refused %s, at its file:line:col', (_where, text, at, withRegistry) => {
    const problems = problemsOf(text, withRegistry ? { actions: registry() } : {});
    expect(problems).toEqual([proto(at)]);
  });
});

describe('constructor, prototype and __proto__ where expressions read names', () => {
  it.each([
    ['a step id', yaml('name: t', 'steps:', '  - id: constructor', '    uses: diff.analyze'), `${FILE}:3:9: steps[0].id ${RESERVED}, got 'constructor'`],
    ['a step id in another case', yaml('name: t', 'steps:', '  - id: Prototype', '    uses: diff.analyze'), `${FILE}:3:9: steps[0].id ${RESERVED}, got 'Prototype'`],
    ['an input name', yaml('name: t', 'inputs:', '  constructor: {}', 'steps:', '  - uses: diff.analyze'), `${FILE}:3:3: key 'constructor' in inputs ${RESERVED}`],
    ['an output name', yaml('name: t', 'steps:', '  - uses: diff.analyze', 'outputs:', '  prototype: x'), `${FILE}:5:3: key 'prototype' in outputs ${RESERVED}`],
    ['an env name', yaml('name: t', 'env:', '  constructor: x', 'steps:', '  - uses: diff.analyze'), `${FILE}:3:3: key 'constructor' in env ${RESERVED}`],
  ])('is refused as %s', (_what, text, problem) => {
    expect(problemsOf(text)).toEqual([problem]);
  });

  it('an unknown top-level constructor key gets the list of keys, not "[object Object]"', () => {
    const [problem] = problemsOf(yaml('name: t', 'constructor: 1', 'steps:', '  - uses: diff.analyze'));
    expect(problem).toMatch(new RegExp(`^${FILE}:2:1: unknown top-level key 'constructor'; expected one of name, description, on, `));
    expect(problem).not.toContain('[object Object]');
  });

  it('a with: constructor is an unknown input of an action that declares its inputs, not a crash', () => {
    expect(problemsOf(yaml('name: t', 'steps:', '  - uses: diff.analyze', '    with: { constructor: 1 }'), { actions: registry() })).toEqual([
      `${FILE}:4:13: action 'diff.analyze' has no input 'constructor'; its inputs are diff, max-findings`,
    ]);
  });

  it('a with: constructor is plain data for an action that takes any input', () => {
    const workflow = parseWorkflow(yaml('name: t', 'steps:', '  - uses: test.any', '    with: { constructor: 1, toString: two }'));
    expect(workflow.steps[0]!.with).toEqual({ constructor: 1, toString: 'two' });
  });

  it('a step id derived from uses never becomes a reserved name', () => {
    const workflow = parseWorkflow(yaml('name: t', 'steps:', '  - uses: constructor', '  - uses: constructor'));
    expect(workflow.steps.map((step) => step.id)).toEqual(['step-constructor', 'step-constructor-2']);
  });

  it('other names every object inherits (toString, hasOwnProperty) are ordinary names', () => {
    const workflow = parseWorkflow(
      yaml(
        'name: t',
        'inputs:',
        '  toString: { default: fallback }',
        'steps:',
        '  - id: hasOwnProperty',
        '    uses: test.any',
        '    with: { text: "${{ inputs.toString }}" }',
        'outputs:',
        '  valueOf: ${{ steps.hasOwnProperty.outputs.text }}',
      ),
    );
    expect(Object.keys(workflow.inputs)).toEqual(['toString']);
    expect(workflow.steps[0]!.id).toBe('hasOwnProperty');
    expect(Object.keys(workflow.outputs)).toEqual(['valueOf']);
  });
});

describe('run inputs named like inherited properties', () => {
  const workflow = parseWorkflow(yaml('name: t', 'inputs:', '  toString: { default: fallback }', 'steps:', '  - uses: test.any'));

  it('an input that is not given takes its default, not the inherited function', () => {
    expect(resolveInputs(workflow, {})).toEqual({ toString: 'fallback' });
  });

  it('a given constructor is an unknown input', () => {
    expect(() => resolveInputs(workflow, JSON.parse('{"constructor": "x"}') as Record<string, unknown>)).toThrow(
      "unknown input 'constructor' for workflow t; known inputs: toString",
    );
  });

  it('an empty string is a given value for a required string input', () => {
    const required = parseWorkflow(yaml('name: t', 'inputs:', '  diff: { required: true }', 'steps:', '  - uses: test.any'));
    expect(resolveInputs(required, { diff: '' })).toEqual({ diff: '' });
  });
});
