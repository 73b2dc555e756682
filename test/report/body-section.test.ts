import { describe, expect, it } from 'vitest';
import { upsertSection } from '../../src/report/body-section.js';

describe('upsertSection', () => {
  it('appends the section below the author text, then replaces only its own section', () => {
    const first = upsertSection('Fixes #12.\n', 'describe', '### Summary\nv1');
    expect(first).toBe('Fixes #12.\n\n<!-- agentic-sdlc:describe:start -->\n### Summary\nv1\n<!-- agentic-sdlc:describe:end -->');
    const edited = first.replace('Fixes #12.', 'Fixes #12 and #13.') + '\n\nThanks!';
    expect(upsertSection(edited, 'describe', '### Summary\nv2')).toBe(
      'Fixes #12 and #13.\n\n<!-- agentic-sdlc:describe:start -->\n### Summary\nv2\n<!-- agentic-sdlc:describe:end -->\n\nThanks!',
    );
  });

  it('fills an empty body and keeps sections of other keys apart', () => {
    const body = upsertSection(null, 'describe', 'a');
    expect(body).toBe('<!-- agentic-sdlc:describe:start -->\na\n<!-- agentic-sdlc:describe:end -->');
    expect(upsertSection(body, 'risk', 'b')).toBe(`${body}\n\n<!-- agentic-sdlc:risk:start -->\nb\n<!-- agentic-sdlc:risk:end -->`);
  });
});
