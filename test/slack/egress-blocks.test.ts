import { describe, expect, it } from 'vitest';
import { messageFromMarkdown, runParentMessage, runResults, stepLine } from '../../src/integrations/slack/blocks.js';

const run = { runId: 'run_01HZX', workflow: 'pr-review', target: 'acme/api#42', userId: 'U0123ABCD' };

describe('Block Kit for a followed run', () => {
  it('builds the parent message: status, workflow, target and who asked', () => {
    expect(runParentMessage({ ...run, status: 'running' })).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":hourglass_flowing_sand: *pr-review* running — acme/api#42",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "requested by <@U0123ABCD> · run \`run_01HZX\`",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": ":hourglass_flowing_sand: *pr-review* running — acme/api#42",
      }
    `);
  });

  it('shows the final status and duration when the parent is updated', () => {
    expect(runParentMessage({ ...run, status: 'failure', durationMs: 75_300 }).text).toMatchInlineSnapshot(`":x: *pr-review* failed in 1 min 15 s — acme/api#42"`);
  });

  it('never mentions something that is not a Slack user id, and escapes what users typed', () => {
    const message = runParentMessage({ runId: 'r', workflow: 'x', status: 'running', userId: '!channel', target: '<!here> & co' });
    expect(JSON.stringify(message)).not.toContain('<!');
    expect(JSON.stringify(message)).not.toContain('<@');
    expect(message.text).toMatchInlineSnapshot(`":hourglass_flowing_sand: *x* running — &lt;!here&gt; &amp; co"`);
  });

  it('writes one short line per finished step', () => {
    expect(stepLine({ name: 'lint', status: 'success', durationMs: 1234 })).toMatchInlineSnapshot(`":white_check_mark: \`lint\` succeeded (1.2 s)"`);
    expect(stepLine({ name: 'tests', status: 'failure', durationMs: 400, error: 'expected <1> to be 2' })).toMatchInlineSnapshot(`":x: \`tests\` failed (0.4 s): expected &lt;1&gt; to be 2"`);
  });

  it('ends with the results and the Markdown output of the run as sections', () => {
    const outputs = { verdict: 'ok', summary: '## Summary\n\n- **2** findings in [a.ts](https://github.com/acme/api/blob/main/a.ts)' };
    expect(runResults({ ...run, status: 'success', durationMs: 12_300, outputs })).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: *pr-review* succeeded in 12.3 s — acme/api#42",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*Summary*

      • *2* findings in <https://github.com/acme/api/blob/main/a.ts|a.ts>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "run \`run_01HZX\`",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": ":white_check_mark: *pr-review* succeeded in 12.3 s — acme/api#42",
      }
    `);
  });

  it('prefers the output named markdown, and puts the error under the headline', () => {
    const results = runResults({ ...run, status: 'failure', durationMs: 500, error: 'step review failed', outputs: { comment: 'second', markdown: 'first' } });
    expect(results.blocks?.map((block) => (block as { text?: { text: string } }).text?.text)).toEqual([
      ':x: *pr-review* failed in 0.5 s — acme/api#42\nstep review failed',
      'first',
      undefined,
    ]);
  });

  it('stays within 50 blocks and says how much of a long output was left out', () => {
    const markdown = Array.from({ length: 80 }, (_, i) => `Paragraph ${i}\n${'x'.repeat(2900)}`).join('\n\n');
    const results = runResults({ ...run, status: 'success', durationMs: 1, outputs: { markdown } });
    expect(results.blocks).toHaveLength(50);
    expect(JSON.stringify(results.blocks![48])).toContain('more sections not shown: `agentic-sdlc runs show run_01HZX`');
    expect(results.text).toBe(':white_check_mark: *pr-review* succeeded in 0.0 s — acme/api#42');
  });
});

describe('messageFromMarkdown (slack.post)', () => {
  it('sends short Markdown as mrkdwn text alone', () => {
    expect(messageFromMarkdown('**Deployed** [v1.2](https://example.com/r)')).toEqual({ text: '*Deployed* <https://example.com/r|v1.2>' });
  });

  it('sends long Markdown as sections with the first as fallback text', () => {
    const message = messageFromMarkdown(`${'a'.repeat(2000)}\n${'b'.repeat(2000)}`);
    expect(message.blocks).toHaveLength(2);
    expect(message.text).toBe('a'.repeat(2000));
  });
});
