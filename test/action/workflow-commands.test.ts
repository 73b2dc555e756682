import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, findingAnnotation, verbatimGroup, workflowCommand } from '../../src/cli/action/workflow-commands.js';
import { outputFileText } from '../../src/cli/action/action-outputs.js';
import { gate } from '../../src/cli/action/fail-on.js';
import { parseOutputFile } from './output-file.js';

describe('workflow commands', () => {
  it("escapes as @actions/core does: %, CR and LF in messages; also : and , in properties", () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('src/a:b,c%.ts')).toBe('src/a%3Ab%2Cc%25.ts');
  });

  it('a finding is an annotation on its file and lines, titled by its rule; text from the PR cannot start a command', () => {
    const line = findingAnnotation({ rule: 'todo', severity: 'warning', file: 'docs/a,b.md', line: 3, endLine: 4, message: 'TODO added:\n::set-output name=x::y', suggestion: 'Track it' });
    expect(line).toBe('::warning file=docs/a%2Cb.md,line=3,endLine=4,title=agentic-sdlc%3A todo::TODO added:%0A::set-output name=x::y%0A%0ASuggestion: Track it');
    expect(line.split('\n')).toHaveLength(1);
    expect(findingAnnotation({ rule: 'missing-tests', severity: 'info', file: '', message: 'no tests' })).toBe('::notice title=agentic-sdlc%3A missing-tests::no tests');
    expect(findingAnnotation({ rule: 'secret', severity: 'error', file: 'a.ts', line: 1, message: 'key' })).toBe('::error file=a.ts,line=1,title=agentic-sdlc%3A secret::key');
  });

  it('leaves out empty properties', () => {
    expect(workflowCommand('notice', { title: 'x', file: undefined, line: '' }, 'm')).toBe('::notice title=x::m');
  });

  it('prints a report verbatim between stop-commands and its one-time token', () => {
    const text = verbatimGroup('report', '# Title\n::error::not a command\n');
    const lines = text.split('\n');
    const token = /^::stop-commands::(.+)$/.exec(lines[1]!)![1]!;
    expect(lines).toEqual(['::group::report', `::stop-commands::${token}`, '# Title', '::error::not a command', `::${token}::`, '::endgroup::', '']);
    expect(verbatimGroup('report', 'x')).not.toContain(token);
  });
});

describe('GITHUB_OUTPUT', () => {
  it('writes every value in the delimiter form, so multi-line values and = survive', () => {
    const outputs = { findings: '[{"a":1}]', report: '# Title\n\nname=value\nfindings<<EOF\nEOF', empty: '' };
    const text = outputFileText(outputs);
    expect(text).toMatch(/^findings<<ghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseOutputFile(text)).toEqual(outputs);
  });
});

describe('fail-on', () => {
  const at = (severity: 'error' | 'warning' | 'info') => ({ rule: 'r', severity, file: 'a.ts', message: 'm' });
  it('fails on a finding of the chosen severity or a worse one, and never with never', () => {
    expect(gate([at('warning')], 'error').failed).toBe(false);
    expect(gate([at('error')], 'error').failed).toBe(true);
    expect(gate([at('error')], 'warning').failed).toBe(true);
    expect(gate([at('info')], 'warning').failed).toBe(false);
    expect(gate([at('info')], 'info').failed).toBe(true);
    expect(gate([at('error')], 'never')).toEqual({ failed: false, text: 'fail-on: never, so the step passes whatever was found' });
  });
});
