import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeGithubEvent } from '../../src/triggers/github/normalize-event.js';
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

describe('every pull_request, issues and issue_comment example of @octokit/webhooks-examples', () => {
  for (const name of ['pull_request', 'issues', 'issue_comment']) {
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
        return false; // none of the comment examples holds a /sdlc command
      });
      expect(recorded.length).toBe(expected.length);
      expect(nock.pendingMocks()).toEqual([]);
    });
  }
});
