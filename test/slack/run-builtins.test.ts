import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/engine/run-record.js';
import { runBuiltins, runStatusText } from '../../src/integrations/slack/run-builtins.js';

function run(status: RunRecord['status'], extra: Partial<RunRecord> = {}): RunRecord {
  return { id: 'r-1', workflowName: 'pr-review', workflow: {} as RunRecord['workflow'], status, inputs: {}, createdAt: 0, ...extra };
}

function rig(record: RunRecord | undefined) {
  const said: { public: string[]; private: string[]; cancelled: string[] } = { public: [], private: [], cancelled: [] };
  const builtins = runBuiltins({
    getRun: (id) => Promise.resolve(record && id === record.id ? record : undefined),
    cancel: (id, reason) => {
      said.cancelled.push(`${id}: ${reason}`);
      return Promise.resolve(undefined);
    },
    replies: {
      reply: (text) => Promise.resolve(void said.public.push(text)),
      privately: (text) => Promise.resolve(void said.private.push(text)),
    },
    user: 'U0ALICE',
    prefix: '/sdlc',
  });
  return { builtins, said };
}

describe('status and cancel from Slack', () => {
  it('status answers privately with the run status, repository and error', async () => {
    const { builtins, said } = rig(run('failure', { error: 'step fetch failed', event: { source: 'slack', event: 'slash_command', repo: 'acme/api', number: 42 } }));
    expect(await builtins.status!(['r-1'])).toEqual({ outcome: 'replied', reason: 'status', runs: [] });
    expect(said.private).toEqual(['Run `r-1` (`pr-review`): *failure*\nRepository: `acme/api#42`\nError: step fetch failed']);
  });

  it('an unknown or missing run id gets the usage, privately', async () => {
    const { builtins, said } = rig(undefined);
    await builtins.status!(['nope']);
    await builtins.cancel!([]);
    expect(said.private).toEqual([
      "There is no run `nope`. Usage: `/sdlc status <run-id>` (the id is in the run's thread, or `agentic-sdlc runs list`).",
      "Which run? Usage: `/sdlc cancel <run-id>` (the id is in the run's thread, or `agentic-sdlc runs list`).",
    ]);
  });

  it('cancel stops a running run and says so in public, naming who did', async () => {
    const { builtins, said } = rig(run('running'));
    expect(await builtins.cancel!(['r-1'])).toEqual({ outcome: 'cancelled', runs: [{ workflow: 'pr-review', runId: 'r-1', created: false }] });
    expect(said.cancelled).toEqual(['r-1: cancelled by Slack user U0ALICE with /sdlc cancel']);
    expect(said.public).toEqual(['<@U0ALICE> cancelled run `r-1` (`pr-review`).']);
  });

  it('cancel of a finished run changes nothing', async () => {
    const { builtins, said } = rig(run('success'));
    await builtins.cancel!(['r-1']);
    expect(said.cancelled).toEqual([]);
    expect(said.private).toEqual(['Run `r-1` (`pr-review`) has already finished: success.']);
  });

  it('the status text of a run without event or error is one line', () => {
    expect(runStatusText(run('queued'))).toBe('Run `r-1` (`pr-review`): *queued*');
  });
});
