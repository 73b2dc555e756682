import { describe, expect, it } from 'vitest';
import { markdownToAdf, type AdfNode } from '../../src/integrations/jira/adf.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';

/** The document's blocks, for snapshots that read like the Markdown they came from. */
const blocks = (markdown: string) => markdownToAdf(markdown).content;

/** One line per node: type, attributes, text and marks, indented by depth (the exact JSON is asserted apart). */
function outline(markdown: string): string {
  const lines: string[] = [];
  const walk = (nodes: readonly AdfNode[], depth: number) => {
    for (const node of nodes) {
      const attrs = node.attrs && Object.keys(node.attrs).length ? ` ${JSON.stringify(node.attrs)}` : '';
      const text = node.text !== undefined ? ` ${JSON.stringify(node.text)}` : '';
      const marks = node.marks ? ` [${node.marks.map((mark) => ('attrs' in mark ? `${mark.type} ${mark.attrs.href}` : mark.type)).join(', ')}]` : '';
      lines.push(`${'  '.repeat(depth)}${node.type}${attrs}${text}${marks}`);
      walk(node.content ?? [], depth + 1);
    }
  };
  walk(markdownToAdf(markdown).content, 0);
  return `\n${lines.join('\n')}\n`;
}

describe('Markdown to Atlassian Document Format', () => {
  it('wraps the blocks in a version 1 doc', () => {
    expect(markdownToAdf('Hello')).toEqual({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] }] });
  });

  it('marks strong, emphasis, strike, code and links, and leaves snake_case and escapes alone', () => {
    expect(outline('**bold** _em_ *em* ~~gone~~ `a_b` [docs](https://example.com/a?b=1&c=2) snake_case_name \\*not em\\*')).toMatchInlineSnapshot(`
      "
      paragraph
        text "bold" [strong]
        text " "
        text "em" [em]
        text " "
        text "em" [em]
        text " "
        text "gone" [strike]
        text " "
        text "a_b" [code]
        text " "
        text "docs" [link https://example.com/a?b=1&c=2]
        text " snake_case_name *not em*"
      "
    `);
  });

  it('keeps code and link marks together, and turns an unsafe link into text', () => {
    expect(outline('[`run.ts`](https://example.com/run.ts) [x](javascript:alert) <https://example.com/auto>')).toMatchInlineSnapshot(`
      "
      paragraph
        text "run.ts" [code, link https://example.com/run.ts]
        text " x "
        text "https://example.com/auto" [link https://example.com/auto]
      "
    `);
  });

  it('renders headings, rules, quotes, fenced code with its language, and line breaks as hard breaks', () => {
    expect(outline('## Title ##\n\nline one\nline two\n\n---\n\n> quoted **text**\n\n```ts\nconst a = 1;\n\n```')).toMatchInlineSnapshot(`
      "
      heading {"level":2}
        text "Title"
      paragraph
        text "line one"
        hardBreak
        text "line two"
      rule
      blockquote
        paragraph
          text "quoted "
          text "text" [strong]
      codeBlock {"language":"ts"}
        text "const a = 1;\\n"
      "
    `);
  });

  it('nests lists, keeps ordered lists numbered from their start, and drops HTML comments', () => {
    expect(outline('<!-- agentic-sdlc:pr-review -->\n- one\n  1. first\n  2. second\n- two\n\n3. three\n4. four')).toMatchInlineSnapshot(`
      "
      bulletList
        listItem
          paragraph
            text "one"
          orderedList
            listItem
              paragraph
                text "first"
            listItem
              paragraph
                text "second"
        listItem
          paragraph
            text "two"
      orderedList {"order":3}
        listItem
          paragraph
            text "three"
        listItem
          paragraph
            text "four"
      "
    `);
  });

  it('turns a table into header and body rows, and a <details> summary into a bold line', () => {
    expect(outline('| File | Lines |\n| --- | ---: |\n| `a.ts` | +1 \\| 2 |\n\n<details><summary>More &amp; less</summary>\n\n- hidden\n\n</details>')).toMatchInlineSnapshot(`
      "
      table {"isNumberColumnEnabled":false,"layout":"default"}
        tableRow
          tableHeader
            paragraph
              text "File"
          tableHeader
            paragraph
              text "Lines"
        tableRow
          tableCell
            paragraph
              text "a.ts" [code]
          tableCell
            paragraph
              text "+1 | 2"
      paragraph
        text "More & less" [strong]
      bulletList
        listItem
          paragraph
            text "hidden"
      "
    `);
  });

  it('converts the review report a pull request gets', () => {
    const { markdown } = renderMarkdown({
      title: 'Review of #42',
      findings: [
        { rule: 'debug-leftover', severity: 'warning', file: 'src/app.js', line: 3, message: 'Debug leftover: console.log()' },
      ],
      summary: { files: 1, additions: 3, deletions: 1, errors: 0, warnings: 1, infos: 0, skippedFiles: [] },
    });
    expect(blocks(markdown)).toMatchInlineSnapshot(`
      [
        {
          "attrs": {
            "level": 3,
          },
          "content": [
            {
              "text": "Review of #42",
              "type": "text",
            },
          ],
          "type": "heading",
        },
        {
          "content": [
            {
              "text": "⚠️ ",
              "type": "text",
            },
            {
              "marks": [
                {
                  "type": "strong",
                },
              ],
              "text": "No blocking issues:",
              "type": "text",
            },
            {
              "text": " 1 warning.",
              "type": "text",
            },
          ],
          "type": "paragraph",
        },
        {
          "attrs": {
            "isNumberColumnEnabled": false,
            "layout": "default",
          },
          "content": [
            {
              "content": [
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "Files",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableHeader",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "Added",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableHeader",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "Removed",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableHeader",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "Errors",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableHeader",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "Warnings",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableHeader",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "Notices",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableHeader",
                },
              ],
              "type": "tableRow",
            },
            {
              "content": [
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "1",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableCell",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "+3",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableCell",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "−1",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableCell",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "0",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableCell",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "1",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableCell",
                },
                {
                  "attrs": {},
                  "content": [
                    {
                      "content": [
                        {
                          "text": "0",
                          "type": "text",
                        },
                      ],
                      "type": "paragraph",
                    },
                  ],
                  "type": "tableCell",
                },
              ],
              "type": "tableRow",
            },
          ],
          "type": "table",
        },
        {
          "attrs": {
            "level": 4,
          },
          "content": [
            {
              "text": "⚠️ Warnings (1)",
              "type": "text",
            },
          ],
          "type": "heading",
        },
        {
          "content": [
            {
              "content": [
                {
                  "content": [
                    {
                      "marks": [
                        {
                          "type": "code",
                        },
                      ],
                      "text": "src/app.js:3",
                      "type": "text",
                    },
                    {
                      "text": " ",
                      "type": "text",
                    },
                    {
                      "marks": [
                        {
                          "type": "strong",
                        },
                      ],
                      "text": "debug-leftover",
                      "type": "text",
                    },
                    {
                      "text": ": Debug leftover: console.log()",
                      "type": "text",
                    },
                  ],
                  "type": "paragraph",
                },
              ],
              "type": "listItem",
            },
          ],
          "type": "bulletList",
        },
      ]
    `);
  });

  it('stays linear on hostile input: unclosed brackets, backticks, comments, emphasis and deep quotes', () => {
    const hostile = [
      '['.repeat(50_000),
      '`` `'.repeat(20_000),
      '<!--'.repeat(20_000),
      '*_'.repeat(50_000),
      '&'.repeat(50_000),
      '<a'.repeat(50_000),
      '> '.repeat(5_000) + 'deep',
      '- '.repeat(5_000) + 'deep',
    ].join('\n\n');
    const started = performance.now();
    const doc = markdownToAdf(hostile);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(doc.content.length).toBeGreaterThan(0);
  });
});
