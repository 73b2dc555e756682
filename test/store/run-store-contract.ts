import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRun, RunStore } from '../../src/engine/ports/run-store.js';
import type { StepRecord } from '../../src/engine/run-record.js';
import type { TriggerEvent } from '../../src/engine/trigger-event.js';
import { step, workflow } from '../helpers/engine.js';
import { runStoreLeaseContract } from './run-store-lease-contract.js';

/**
 * What every RunStore promises, run against each adapter (SQLite, PostgreSQL): the engine and the
 * integrations rely on these behaviours and nothing adapter-specific. Each test gets a fresh, empty store.
 */

export interface StoreUnderTest {
  store: RunStore;
  cleanup(): Promise<void>;
}

const wf = workflow('review', [step('a', 'test.echo')]);
const about = (repo: string, number: number): TriggerEvent => ({ source: 'github', event: 'pull_request', repo, number });
const solo = { cancelInProgress: false };
/** A lease that outlives every test: these tests are about what runs, not about who. */
const held = { owner: 'worker-a', until: 9_000_000_000_000 };

export function runStoreContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} (run store contract)`, () => {
    let subject: StoreUnderTest;
    let store: RunStore;
    let clock: number;
    beforeEach(async () => {
      subject = await make();
      store = subject.store;
      clock = 1_700_000_000_000;
    });
    afterEach(async () => {
      await subject.cleanup();
    });
    const newRun = (id: string, extra: Partial<NewRun> = {}): NewRun => ({ id, workflow: wf, inputs: {}, createdAt: clock++, ...extra });
    const statuses = async (...ids: string[]) => Promise.all(ids.map(async (id) => (await store.getRun(id))?.status));

    it('a failed admission does not lose its workflow version for the runs after it', async () => {
      await store.admitRun(newRun('r1'), solo);
      const edited = { ...wf, description: 'edited' };
      // The same run id again: the admission fails after storing the new workflow version, which rolls back.
      await expect(store.admitRun(newRun('r1', { workflow: edited }), solo)).rejects.toThrow();
      expect((await store.admitRun(newRun('r2', { workflow: edited }), solo)).created).toBe(true);
      expect((await store.getRun('r2'))?.workflow).toEqual(edited);
    });

    it('returns a run as it was admitted, and nothing for an unknown id', async () => {
      const event = about('o/a', 3);
      await store.admitRun(newRun('r1', { inputs: { n: 1, list: [1, 'two'] }, event, idempotencyKey: 'd1', concurrencyGroup: 'g' }), solo);
      expect(await store.getRun('r1')).toEqual({
        id: 'r1',
        workflowName: 'review',
        workflow: wf,
        status: 'queued',
        inputs: { n: 1, list: [1, 'two'] },
        event,
        idempotencyKey: 'd1',
        concurrencyGroup: 'g',
        createdAt: 1_700_000_000_000,
      });
      expect(await store.getRun('nope')).toBeUndefined();
    });

    it('finds the runs of one pull request or issue, newest first, with other filters', async () => {
      await store.admitRun(newRun('r1', { event: about('o/a', 1) }), solo);
      await store.admitRun(newRun('r2', { event: about('o/a', 2) }), solo);
      await store.admitRun(newRun('r3', { event: about('o/b', 1) }), solo);
      await store.admitRun(newRun('r4', { event: about('o/a', 1), workflow: { ...wf, name: 'triage' } }), solo);
      await store.admitRun(newRun('r5'), solo);
      expect((await store.listRuns({ repo: 'o/a', number: 1 })).map((r) => r.id)).toEqual(['r4', 'r1']);
      expect((await store.listRuns({ repo: 'o/a', number: 1, workflow: 'review' })).map((r) => r.id)).toEqual(['r1']);
      expect((await store.listRuns({ repo: 'o/a', number: 1, status: ['success'] })).map((r) => r.id)).toEqual([]);
      expect((await store.listRuns({ status: ['queued'], limit: 2 })).map((r) => r.id)).toEqual(['r5', 'r4']);
    });

    it('filters by what started a run (manual without an event) and by when it was created', async () => {
      await store.admitRun(newRun('gh', { event: about('o/a', 1), createdAt: 100 }), solo);
      await store.admitRun(newRun('slack', { event: { source: 'slack', event: 'command' }, createdAt: 200 }), solo);
      await store.admitRun(newRun('cli', { createdAt: 300 }), solo);
      expect((await store.listRuns({ source: 'github' })).map((r) => r.id)).toEqual(['gh']);
      expect((await store.listRuns({ source: 'manual' })).map((r) => r.id)).toEqual(['cli']);
      expect((await store.listRuns({ createdFrom: 200 })).map((r) => r.id)).toEqual(['cli', 'slack']);
      expect((await store.listRuns({ createdFrom: 100, createdBefore: 300 })).map((r) => r.id)).toEqual(['slack', 'gh']);
    });

    it('pages with a cursor neither skip nor repeat a run, even within one millisecond or as new runs arrive', async () => {
      for (const [id, createdAt] of [['p1', 10], ['p2', 20], ['p3', 20], ['p4', 20], ['p5', 30]] as const) {
        await store.admitRun(newRun(id, { createdAt }), solo);
      }
      const pages: string[][] = [];
      let after: { createdAt: number; id: string } | undefined;
      for (;;) {
        const page = await store.listRuns({ limit: 2, ...(after ? { after } : {}) });
        if (!page.length) break;
        pages.push(page.map((r) => r.id));
        const last = page[page.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
        await store.admitRun(newRun(`late-${pages.length}`, { createdAt: 40 }), solo);
      }
      expect(pages).toEqual([['p5', 'p4'], ['p3', 'p2'], ['p1']]);
    });

    it('keeps runs created in the same millisecond in the order they were admitted', async () => {
      for (const id of ['s1', 's2', 's3']) await store.admitRun(newRun(id, { createdAt: 5 }), solo);
      expect((await store.listRuns()).map((r) => r.id)).toEqual(['s3', 's2', 's1']);
    });

    it('keeps every workflow version a run was admitted with', async () => {
      await store.admitRun(newRun('v1'), solo);
      await store.admitRun(newRun('v2', { workflow: { ...wf, description: 'edited' } }), solo);
      await store.admitRun(newRun('v3'), solo);
      expect((await store.getRun('v1'))?.workflow).toEqual(wf);
      expect((await store.getRun('v2'))?.workflow.description).toBe('edited');
      expect((await store.getRun('v3'))?.workflow).toEqual(wf);
    });

    it('a redelivered idempotency key returns the run it started instead of a second one', async () => {
      const first = await store.admitRun(newRun('r1', { idempotencyKey: 'delivery-1' }), solo);
      const again = await store.admitRun(newRun('r2', { idempotencyKey: 'delivery-1' }), solo);
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, run: { id: 'r1', status: 'queued' }, replaced: [], toCancel: [] });
      expect(await store.getRun('r2')).toBeUndefined();
    });

    it('a run that succeeded keeps its key; a failed or cancelled one gives it up so a redelivery retries', async () => {
      await store.admitRun(newRun('ok', { idempotencyKey: 'k-ok' }), solo);
      await store.finishRun('ok', 'success', { finishedAt: clock++ });
      expect(await store.admitRun(newRun('ok-again', { idempotencyKey: 'k-ok' }), solo)).toMatchObject({ created: false, run: { id: 'ok' } });

      await store.admitRun(newRun('bad', { idempotencyKey: 'k-bad' }), solo);
      await store.finishRun('bad', 'failure', { error: 'boom', finishedAt: clock++ });
      expect(await store.admitRun(newRun('bad-retry', { idempotencyKey: 'k-bad' }), solo)).toMatchObject({ created: true, run: { id: 'bad-retry' } });

      await store.admitRun(newRun('gone', { idempotencyKey: 'k-gone' }), solo);
      await store.cancelIfNotStarted('gone', 'cancelled by a user', clock++);
      expect(await store.admitRun(newRun('gone-retry', { idempotencyKey: 'k-gone' }), solo)).toMatchObject({ created: true });
      // The retry now holds the key.
      expect(await store.admitRun(newRun('third', { idempotencyKey: 'k-bad' }), solo)).toMatchObject({ created: false, run: { id: 'bad-retry' } });
    });

    it('admissions of one key at the same moment create one run', async () => {
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.admitRun(newRun(id, { idempotencyKey: 'same' }), solo)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
      expect(await store.listRuns()).toHaveLength(1);
    });

    it('a concurrency group runs one at a time, and a newer pending run replaces an older one', async () => {
      const group = { concurrencyGroup: 'pr-1' };
      expect(await store.admitRun(newRun('g1', group), solo)).toMatchObject({ run: { status: 'queued' }, replaced: [], toCancel: [] });
      expect(await store.admitRun(newRun('g2', group), solo)).toMatchObject({ run: { status: 'pending' }, replaced: [], toCancel: [] });
      expect(await store.admitRun(newRun('g3', group), solo)).toMatchObject({ run: { status: 'pending' }, replaced: ['g2'], toCancel: [] });
      expect(await statuses('g1', 'g2', 'g3')).toEqual(['queued', 'cancelled', 'pending']);
      expect((await store.getRun('g2'))?.error).toBe('replaced by newer run g3');
      expect(await store.admitRun(newRun('other', { concurrencyGroup: 'pr-2' }), solo)).toMatchObject({ run: { status: 'queued' } });

      await store.markRunning('g1', clock++, held);
      const finished = await store.finishRun('g1', 'success', { outputs: { ok: true }, finishedAt: clock++ });
      expect(finished).toMatchObject({ finished: true, promoted: { id: 'g3', status: 'queued', concurrencyGroup: 'pr-1' } });
      expect(await store.finishRun('g3', 'success', { finishedAt: clock++ })).toEqual({ finished: true });
    });

    it('cancel-in-progress cancels runs not started yet and names the running ones to stop', async () => {
      const group = { concurrencyGroup: 'pr-1' };
      await store.admitRun(newRun('running', group), solo);
      await store.markRunning('running', clock++, held);
      await store.admitRun(newRun('waiting', group), solo);
      const newer = await store.admitRun(newRun('newest', group), { cancelInProgress: true });
      expect(newer).toMatchObject({ run: { status: 'pending' }, replaced: ['waiting'], toCancel: ['running'] });
      await store.finishRun('running', 'cancelled', { error: 'cancelled by newer run newest', finishedAt: clock++ });
      expect(await statuses('running', 'waiting', 'newest')).toEqual(['cancelled', 'cancelled', 'queued']);

      const queued = await store.admitRun(newRun('queued', { concurrencyGroup: 'pr-2' }), solo);
      expect(queued.run.status).toBe('queued');
      expect(await store.admitRun(newRun('replacer', { concurrencyGroup: 'pr-2' }), { cancelInProgress: true })).toMatchObject({
        run: { status: 'queued' },
        replaced: ['queued'],
        toCancel: [],
      });
      expect((await store.getRun('queued'))?.error).toBe('cancelled by newer run replacer');
    });

    it('a failed admission changes nothing: the run it would have replaced stays pending', async () => {
      const group = { concurrencyGroup: 'pr-1' };
      await store.admitRun(newRun('g1', group), solo);
      await store.admitRun(newRun('g2', group), solo);
      await expect(store.admitRun(newRun('g1', group), solo)).rejects.toThrow();
      expect(await statuses('g1', 'g2')).toEqual(['queued', 'pending']);
    });

    it('markRunning starts queued and interrupted runs, keeps the first start time, and refuses cancelled ones', async () => {
      await store.admitRun(newRun('r1'), solo);
      expect(await store.markRunning('r1', 100, held)).toBe(true);
      expect(await store.markInterrupted(['r1', 'unknown'], held.owner)).toEqual(['r1']);
      expect(await store.markInterrupted(['r1'], held.owner)).toEqual([]);
      expect(await store.markRunning('r1', 200, held)).toBe(true);
      expect(await store.getRun('r1')).toMatchObject({ status: 'running', startedAt: 100 });

      await store.admitRun(newRun('r2'), solo);
      expect(await store.cancelIfNotStarted('r2', 'cancelled by a user', 300)).toEqual({ cancelled: true });
      expect(await store.markRunning('r2', 400, held)).toBe(false);
      expect(await store.getRun('r2')).toMatchObject({ status: 'cancelled', error: 'cancelled by a user', finishedAt: 300 });
    });

    it('cancelIfNotStarted leaves a running or ended run alone and promotes the next of a group it frees', async () => {
      const group = { concurrencyGroup: 'pr-1' };
      await store.admitRun(newRun('first', group), solo);
      await store.admitRun(newRun('second', group), solo);
      expect(await store.cancelIfNotStarted('first', 'cancelled by a user', clock++)).toMatchObject({
        cancelled: true,
        promoted: { id: 'second', status: 'queued' },
      });
      await store.markRunning('second', clock++, held);
      expect(await store.cancelIfNotStarted('second', 'cancelled by a user', clock++)).toEqual({ cancelled: false });
      await store.finishRun('second', 'success', { finishedAt: clock++ });
      expect(await store.cancelIfNotStarted('second', 'cancelled by a user', clock++)).toEqual({ cancelled: false });
      expect(await store.cancelIfNotStarted('unknown', 'cancelled by a user', clock++)).toEqual({ cancelled: false });
    });

    it('an interrupted run holds its group until it is cancelled', async () => {
      const group = { concurrencyGroup: 'pr-1' };
      await store.admitRun(newRun('first', group), solo);
      await store.markRunning('first', clock++, held);
      await store.markInterrupted(['first'], held.owner);
      expect((await store.admitRun(newRun('second', group), solo)).run.status).toBe('pending');
      expect(await store.cancelIfNotStarted('first', 'cancelled by a user', clock++)).toMatchObject({ promoted: { id: 'second' } });
    });

    it('records the final state of a run', async () => {
      await store.admitRun(newRun('r1'), solo);
      await store.markRunning('r1', 10, held);
      const result = await store.finishRun('r1', 'failure', { outputs: { partial: [1, 2] }, error: 'step b failed', finishedAt: 20, owner: held.owner });
      expect(result).toEqual({ finished: true });
      const run = await store.getRun('r1');
      expect(run).toMatchObject({ status: 'failure', outputs: { partial: [1, 2] }, error: 'step b failed', startedAt: 10, finishedAt: 20 });
      // Nobody holds a run that ended; who ran it last stays on record.
      expect([run?.leaseOwner, run?.leaseUntil]).toEqual([held.owner, undefined]);
    });

    it('saves steps, replacing a step saved again, and lists them in the order they started', async () => {
      await store.admitRun(newRun('r1'), solo);
      const a: StepRecord = { runId: 'r1', stepId: 'a', status: 'running', attempt: 1, input: { text: 'héllo ✓', n: [1] }, startedAt: 10 };
      await store.saveStep(a);
      await store.saveStep({ runId: 'r1', stepId: 'b', status: 'running', attempt: 1, startedAt: 10 });
      await store.saveStep({ ...a, status: 'success', attempt: 2, outputs: { answer: 42 }, finishedAt: 15 });
      await store.saveStep({ runId: 'r1', stepId: 'c', status: 'failure', attempt: 1, error: 'no', startedAt: 5, finishedAt: 6 });
      expect(await store.getSteps('r1')).toEqual([
        { runId: 'r1', stepId: 'c', status: 'failure', attempt: 1, error: 'no', startedAt: 5, finishedAt: 6 },
        { ...a, status: 'success', attempt: 2, outputs: { answer: 42 }, finishedAt: 15 },
        { runId: 'r1', stepId: 'b', status: 'running', attempt: 1, startedAt: 10 },
      ]);
      expect(await store.getSteps('unknown')).toEqual([]);
    });
  });
  runStoreLeaseContract(name, make);
}
