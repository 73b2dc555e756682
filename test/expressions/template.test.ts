import { describe, expect, it } from 'vitest';
import {
  compileValue,
  evaluateValue,
  ExpressionError,
  parseTemplate,
  renderTemplate,
  templatesIn,
} from '../../src/engine/expressions/index.js';
import { expressionError } from './helpers.js';

const contexts = {
  event: { number: 7, labels: ['bug', 'ui'], pr: { title: 'Fix', draft: false }, nothing: null },
  inputs: { model: 'small' },
};
const render = (text: string): unknown => renderTemplate(parseTemplate(text), { contexts });

describe('renderTemplate', () => {
  it('a template that is exactly one expression yields the raw value', () => {
    expect(render('${{ event.number }}')).toBe(7);
    expect(render('${{ event.labels }}')).toEqual(['bug', 'ui']);
    expect(render('${{ event.pr }}')).toBe(contexts.event.pr);
    expect(render('${{ event.nothing }}')).toBeNull();
  });

  it('surrounding whitespace still counts as a single expression', () => {
    const template = parseTemplate('  ${{ event.number }}\n');
    expect(template.isSingleExpression).toBe(true);
    expect(renderTemplate(template, { contexts })).toBe(7);
  });

  it('text around expressions makes a string, converted GitHub-style', () => {
    expect(render('PR #${{ event.number }}')).toBe('PR #7');
    // Arrays and objects read as the words Array and Object, as in GitHub; toJSON shows their contents.
    expect(render('[${{ event.nothing }}] ${{ event.pr.draft }} ${{ event.labels }} ${{ event.pr }}')).toBe('[] false Array Object');
    expect(render('labels: ${{ toJSON(event.labels) }}')).toBe('labels: [\n  "bug",\n  "ui"\n]');
  });

  it('two adjacent expressions concatenate', () => {
    expect(render('${{ event.number }}${{ inputs.model }}')).toBe('7small');
    expect(parseTemplate('${{ 1 }}${{ 2 }}').isSingleExpression).toBe(false);
  });

  it('text without ${{ is returned as is', () => {
    const template = parseTemplate('plain {{ braces }} and $ signs');
    expect(template.hasExpressions).toBe(false);
    expect(renderTemplate(template, { contexts })).toBe('plain {{ braces }} and $ signs');
  });

  it('a }} inside a quoted string does not end the expression', () => {
    expect(render("${{ format('{0}}}', 'a') }}")).toBe('a}');
    expect(render("<${{ '}}' }}>")).toBe('<}}>');
    expect(render("${{ 'it''s }} fine' }}")).toBe("it's }} fine");
  });

  it('a literal ${{ can be produced from a string expression', () => {
    expect(render("${{ '${{' }} x }}")).toBe('${{ x }}');
  });

  it('is cached by text', () => {
    expect(parseTemplate('a ${{ event.number }}')).toBe(parseTemplate('a ${{ event.number }}'));
  });
});

describe('template errors point into the template text', () => {
  it('an unterminated ${{ is reported at its start', () => {
    const error = expressionError(() => parseTemplate('hello ${{ event.number'));
    expect(error.message).toBe("unterminated '${{': expected '}}'");
    expect(error.offset).toBe(6);
  });

  it('an unterminated string inside ${{ is reported at its quote', () => {
    expect(expressionError(() => parseTemplate("ab ${{ 'oops }}")).offset).toBe(7);
  });

  it('a bad token is reported at its offset in the whole text', () => {
    const error = expressionError(() => parseTemplate('Title: ${{ event.pr.title }} by ${{ evnt.user }}'));
    expect(error.message).toMatch(/^unknown context 'evnt'.*did you mean 'event'\?$/);
    expect(error.offset).toBe(36);
  });

  it('an empty ${{ }} is null: it adds nothing to text and is null on its own, as in GitHub', () => {
    expect(render('a${{ }}b')).toBe('ab');
    expect(render('x ${{   }}')).toBe('x ');
    expect(render('${{ }}')).toBeNull();
  });

  it('evaluation errors are located in the template text', () => {
    const error = expressionError(() => render("a ${{ fromJSON('nope') }}"));
    expect(error.offset).toBe(6);
  });
});

describe('compileValue and evaluateValue', () => {
  const with_ = {
    model: '${{ inputs.model }}',
    prompt: 'Review PR #${{ event.number }}',
    labels: '${{ event.labels }}',
    limits: { tokens: 1000, tags: ['static', '${{ event.pr.title }}'] },
    plain: { a: [1, 2] },
  };

  it('renders templates deep inside objects and arrays and keeps other values', () => {
    expect(evaluateValue(compileValue(with_), { contexts })).toEqual({
      model: 'small',
      prompt: 'Review PR #7',
      labels: ['bug', 'ui'],
      limits: { tokens: 1000, tags: ['static', 'Fix'] },
      plain: { a: [1, 2] },
    });
  });

  it('subtrees without templates compile to one static value', () => {
    expect(compileValue({ a: [1, { b: 'x' }] })).toEqual({ kind: 'static', value: { a: [1, { b: 'x' }] } });
  });

  it('each evaluation returns fresh copies of static parts', () => {
    const compiled = compileValue(with_);
    const first = evaluateValue(compiled, { contexts }) as { plain: { a: number[] } };
    first.plain.a.push(3);
    expect(evaluateValue(compiled, { contexts })).toMatchObject({ plain: { a: [1, 2] } });
  });

  it('a key named __proto__ stays an ordinary key', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "${{ inputs.model }}"}}') as unknown;
    const result = evaluateValue(compileValue(value), { contexts }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parse errors carry the path of the bad string', () => {
    const error = expressionError(() => compileValue({ with: { diff: ['ok', 'x ${{ bad( }}'] } }));
    expect(error.path).toEqual(['with', 'diff', 1]);
    expect(error.message).toMatch(/^unknown function 'bad'/);
    expect(error.offset).toBe(6);
  });

  it('a value that contains itself is an error, not an endless loop', () => {
    const loop: Record<string, unknown> = { a: '${{ 1 }}' };
    loop.self = loop;
    expect(() => compileValue(loop)).toThrow(ExpressionError);
    expect(() => templatesIn(loop)).toThrow(ExpressionError);
  });
});

describe('templatesIn', () => {
  it('lists every template with its path', () => {
    const found = templatesIn({ with: { diff: '${{ steps.diff.outputs.patch }}', n: 3, list: ['a', 'b ${{ inputs.x }}'] } });
    expect(found.map(({ path, text }) => ({ path, text }))).toEqual([
      { path: ['with', 'diff'], text: '${{ steps.diff.outputs.patch }}' },
      { path: ['with', 'list', 1], text: 'b ${{ inputs.x }}' },
    ]);
    expect(found[0]!.template.isSingleExpression).toBe(true);
  });

  it('prefixes a given base path', () => {
    expect(templatesIn('${{ inputs.x }}', ['steps', 0, 'if']).map((t) => t.path)).toEqual([['steps', 0, 'if']]);
  });

  it('reports bad templates with their path', () => {
    const error = expressionError(() => templatesIn({ with: { diff: '${{ nope }}' } }, ['steps', 2]));
    expect(error.path).toEqual(['steps', 2, 'with', 'diff']);
    expect(error.offset).toBe(4);
  });
});
