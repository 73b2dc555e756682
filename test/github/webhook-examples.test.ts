import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeGithubEvent } from '../../src/integrations/github/webhook/normalize-event.js';
import { allExamples, createRig, strictNock, type Rig } from './helpers.js';

// The engine runs nothing here (no GitHub is mocked): this is the request path alone, which must never make
// a GitHub call nor throw, whatever the payload, including those without `installation`.
let rig: Rig;
beforeAll(async () => {
  strictNock();
  rig = await createRig({}, { start: false });
});
afterAll(async () => {
  await rig.cleanup();
  nock.cleanAll();
});

describe('every pull_request, issues, issue_comment and check_run example of @octokit/webhooks-examples', () => {
  for (const name of ['pull_request', 'issues', 'issue_comment', 'check_run']) {
    it(`${name}: all ${allExamples(name).length} examples are received without a crash`, async () => {
      const payloads = allExamples(name);
      let index = 0;
      for (const payload of payloads) await rig.receive(name, payload, `${name}-${index++}`);
      const recorded = (await rig.runs('github-dispatch')).filter((run) => run.idempotencyKey?.startsWith(`${name}-`));
      // Exactly the deliveries some workflow could answer were recorded; the rest were dropped in memory.
      const expected = payloads.filter((payload) => {
        const event = normalizeGithubEvent(name, payload);
        if (name === 'pull_request') return ['opened', 'synchronize', 'reopened', 'ready_for_review', 'labeled'].includes(event.action ?? '');
        if (name === 'issues') return ['opened', 'reopened', 'labeled'].includes(event.action ?? '');
        return false; // none of the comment examples holds a /sdlc command, and every check run is another app's
      });
      expect(recorded.length).toBe(expected.length);
      expect(nock.pendingMocks()).toEqual([]);
    });
  }

  it('check_run: as check runs of ours naming a run, only the re-requested ones are recorded', async () => {
    const payloads = allExamples('check_run').map((payload) => {
      // The rig's App id, and a run id (`github.check-run` sets external_id to it).
      Object.assign(payload.check_run as object, { external_id: 'run_from_our_check', app: { ...(payload.check_run as { app: object }).app, id: 1 } });
      return payload;
    });
    let index = 0;
    for (const payload of payloads) await rig.receive('check_run', payload, `ours-check_run-${index++}`);
    const recorded = (await rig.runs('github-dispatch')).filter((run) => run.idempotencyKey?.startsWith('ours-check_run-'));
    expect(recorded.map((run) => run.event?.action)).toEqual(payloads.filter((payload) => payload.action === 'rerequested').map(() => 'rerequested'));
    expect(nock.pendingMocks()).toEqual([]);
  });
});
