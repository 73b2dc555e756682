import { describe, expect, it } from 'vitest';
import { chunkMrkdwn, markdownToMrkdwn } from '../../src/integrations/slack/mrkdwn.js';

describe('markdownToMrkdwn', () => {
  it('turns headings into bold lines and Markdown emphasis into Slack emphasis', () => {
    expect(markdownToMrkdwn('## Review of **acme/api#42** ##\n\nThis is **bold**, *italic*, __strong__ and ~~gone~~; 2 * 3 stays.'))
      .toMatchInlineSnapshot(`
        "*Review of acme/api#42*

        This is *bold*, _italic_, *strong* and ~gone~; 2 * 3 stays."
      `);
  });

  it('makes links Slack links, keeping only http(s) and mailto URLs', () => {
    expect(markdownToMrkdwn('See [the run](https://ci.example/run?a=1&b=2), ![logo](https://x.example/l.png), <https://docs.example>, [evil](!channel) and [js](javascript:alert(1)).'))
      .toMatchInlineSnapshot(`"See <https://ci.example/run?a=1&amp;b=2|the run>, <https://x.example/l.png|logo>, <https://docs.example>, evil and js)."`);
  });

  it('escapes &, < and > so text can never ping a channel or a user', () => {
    expect(markdownToMrkdwn('a < b && c > d <!channel> <@U123> &lt;kept&gt;')).toMatchInlineSnapshot(`"a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt; &lt;@U123&gt; &lt;kept&gt;"`);
  });

  it('turns the renderer\'s zero-width-space escape back into the character', () => {
    expect(markdownToMrkdwn('@&#8203;octocat')).toBe('@\u200boctocat');
  });

  it('keeps code blocks and code spans, dropping the language and escaping inside', () => {
    expect(markdownToMrkdwn('Run `npm test -- --grep "<x>"`:\n\n```ts\nif (a < b) return **x**;\n```\n``a ` b``')).toMatchInlineSnapshot(`
      "Run \`npm test -- --grep "&lt;x&gt;"\`:

      \`\`\`
      if (a &lt; b) return **x**;
      \`\`\`
      \`a ' b\`"
    `);
  });

  it('bullets lists, keeps numbers and nesting, and shows task boxes', () => {
    expect(markdownToMrkdwn('- one\n  - nested **b**\n* two\n+ three\n1. first\n2) second\n- [ ] todo\n- [x] done')).toMatchInlineSnapshot(`
      "• one
          • nested *b*
      • two
      • three
      1. first
      2. second
      • ☐ todo
      • ☑ done"
    `);
  });

  it('drops HTML comments, even across lines, and GitHub details/summary tags', () => {
    expect(markdownToMrkdwn('<!-- agentic-sdlc:review -->\nBefore <!-- one\ntwo --> after\n<details><summary>Files</summary>\n\nbody\n</details>')).toMatchInlineSnapshot(`
      "Before  after
      Files

      body"
    `);
  });

  it('renders a table as an aligned code block', () => {
    expect(markdownToMrkdwn('| File | Findings |\n| --- | ---: |\n| `src/a.ts` | 2 |\n| src/b<c>.ts | 10 |\n\nAfter.')).toMatchInlineSnapshot(`
      "\`\`\`
      File        | Findings
      ------------+---------
      src/a.ts    | 2
      src/b&lt;c&gt;.ts | 10
      \`\`\`

      After."
    `);
  });

  it('keeps quotes and turns rules into a line', () => {
    expect(markdownToMrkdwn('> quoted **x** <y>\n\n---\n***')).toMatchInlineSnapshot(`
      ">quoted *x* &lt;y&gt;

      ──────────
      ──────────"
    `);
  });

  it('closes a code block left open', () => {
    expect(markdownToMrkdwn('```\nunclosed')).toMatchInlineSnapshot(`
      "\`\`\`
      unclosed
      \`\`\`"
    `);
  });
});

describe('chunkMrkdwn', () => {
  it('returns short text whole', () => {
    expect(chunkMrkdwn('short')).toEqual(['short']);
  });

  it('splits at line breaks into pieces of at most 3000 characters', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(90)}`).join('\n');
    const chunks = chunkMrkdwn(text);
    expect(chunks.length).toBe(4);
    expect(chunks.every((chunk) => chunk.length <= 3000)).toBe(true);
    expect(chunks.join('\n')).toBe(text);
  });

  it('closes and reopens a code block cut between pieces', () => {
    const code = ['```', ...Array.from({ length: 60 }, (_, i) => `${i} ${'y'.repeat(60)}`), '```'].join('\n');
    const chunks = chunkMrkdwn(code, 1000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.startsWith('```\n')).toBe(true);
      expect(chunk.endsWith('\n```')).toBe(true);
      expect(chunk.length).toBeLessThanOrEqual(1000);
    }
  });

  it('cuts a line longer than a piece, never inside an escape', () => {
    const line = `${'a'.repeat(2990)}&amp;${'b'.repeat(3000)}`;
    const chunks = chunkMrkdwn(line);
    expect(chunks.every((chunk) => chunk.length <= 3000)).toBe(true);
    expect(chunks.join('')).toBe(line);
    expect(chunks.some((chunk) => chunk.startsWith('&amp;'))).toBe(true);
  });
});

describe('linear time on hostile Markdown', () => {
  const MB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  it.each([
    ['open brackets', fill('[')],
    ['brackets without a link', fill('[a](')],
    ['backtick runs of growing length', Array.from({ length: 1400 }, (_, i) => '`'.repeat(i % 40 + 1) + 'x').join('')],
    ['unclosed comments', fill('<!--')],
    ['a heading of spaces', `# ${fill(' ')}x`],
    ['a rule-like line', fill('- ')],
    ['autolinks without an end', fill('<https://')],
    ['entities without an end', fill('&')],
    ['table pipes', `| a |\n| - |\n${fill('|')}`],
    ['stars and underscores', fill('*_')],
  ])('converts and chunks 1 MB of %s quickly', (_name, text) => {
    const started = performance.now();
    const chunks = chunkMrkdwn(markdownToMrkdwn(text));
    expect(chunks.every((chunk) => chunk.length <= 3000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
