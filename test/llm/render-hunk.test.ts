// What the model reads of a hunk: unpadded new-side numbers, short removed runs, context trimmed to 2 lines.
import { describe, expect, it } from 'vitest';
import type { DiffLine } from '../../src/diff/parse-diff.js';
import { renderLines, visibleLines } from '../../src/llm/review/render-hunk.js';

/** Lines from `+x`, `-x`, ` x` strings, numbered the way a hunk starting at new line `start` is. */
function hunkLines(start: number, ...raw: string[]): DiffLine[] {
  let newLine = start;
  return raw.map((text) => {
    const content = text.slice(1);
    if (text[0] === '-') return { kind: 'del', content };
    return { kind: text[0] === '+' ? 'add' : 'context', content, newLine: newLine++ };
  });
}

describe('renderLines', () => {
  it('writes the new-side number unpadded before the marker, and removed lines without a number', () => {
    const lines = hunkLines(9, ' const a = 1;', '-const b = 2;', '+const b = 3;', ' \texport { a, b };\r');
    expect(renderLines(lines).text).toBe(['9  const a = 1;', '-const b = 2;', '10 +const b = 3;', '11  \texport { a, b };'].join('\n'));
  });

  it('shows a run of 4 removed lines whole', () => {
    const lines = hunkLines(1, '-a', '-b', '-c', '-d', '+e');
    const rendered = renderLines(lines);
    expect(rendered.text).toBe(['-a', '-b', '-c', '-d', '1 +e'].join('\n'));
    expect(rendered.deletedShown).toBe(4);
  });

  it('shortens a run of 5 removed lines to 2 and a count', () => {
    const lines = hunkLines(1, '-a', '-b', '-c', '-d', '-e', '+f');
    const rendered = renderLines(lines);
    expect(rendered.text).toBe(['-a', '-b', '-… 3 more removed lines …', '1 +f'].join('\n'));
    expect(rendered.deletedShown).toBe(2);
    expect(rendered.addedShown).toBe(1);
  });

  it('leaves hidden lines out, with a … line where they were between shown lines', () => {
    const lines = hunkLines(1, ' a', ' b', '+c', ' d', ' e');
    expect(renderLines(lines, [false, true, true, false, false]).text).toBe(['2  b', '3 +c'].join('\n'));
    expect(renderLines(lines, [true, false, true, false, true]).text).toBe(['1  a', '…', '3 +c', '…', '5  e'].join('\n'));
  });
});

describe('visibleLines', () => {
  it("keeps 2 context lines on each side of a change and drops GitHub's third", () => {
    const lines = hunkLines(10, ' a', ' b', ' c', '+d', ' e', ' f', ' g');
    expect(visibleLines(lines)).toEqual([false, true, true, true, true, true, false]);
    expect(renderLines(lines, visibleLines(lines)).text).toBe(['11  b', '12  c', '13 +d', '14  e', '15  f'].join('\n'));
  });

  it('hides 2 or more context lines between two changes behind a … line, but never a single one', () => {
    const six = hunkLines(1, '+a', ' 1', ' 2', ' 3', ' 4', ' 5', ' 6', '-b');
    expect(renderLines(six, visibleLines(six)).text).toBe(['1 +a', '2  1', '3  2', '…', '6  5', '7  6', '-b'].join('\n'));
    const five = hunkLines(1, '+a', ' 1', ' 2', ' 3', ' 4', ' 5', '+b');
    expect(visibleLines(five).every(Boolean)).toBe(true);
  });

  it('keeps the first `kept` lines whatever their distance from a change (context widened on purpose)', () => {
    const lines = hunkLines(1, ' function f() {', ' 1', ' 2', ' 3', ' 4', ' 5', '+x');
    expect(visibleLines(lines)).toEqual([false, false, false, false, true, true, true]);
    expect(visibleLines(lines, 2)).toEqual([true, true, false, false, true, true, true]);
    expect(renderLines(lines, visibleLines(lines, 2)).text).toBe(['1  function f() {', '2  1', '…', '5  4', '6  5', '7 +x'].join('\n'));
  });

  it('shows every line of a hunk without a change', () => {
    expect(visibleLines(hunkLines(1, ' a', ' b', ' c', ' d', ' e', ' f'))).toEqual([true, true, true, true, true, true]);
  });
});
