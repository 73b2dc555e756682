import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lease, NewRun, RunStore } from '../../src/engine/ports/run-store.js';
import { step, workflow } from '../helpers/engine.js';
import type { StoreUnderTest } from './run-store-contract.js';

/**
 * What every RunStore promises about leases (see Lease), run against each adapter from runStoreContract:
 * a run executes under one owner at a time, a lease that ends (or whose owner is gone) frees the run for
 * another, and an owner that lost its run can change nothing about it any more. Lease times are small
 * numbers: the store compares them with the `now` it is given, never with its own clock.
 */

const wf = workflow('review', [step('a', 'test.echo')]);
const solo = { cancelInProgress: false };
const lease = (owner: string, until: number): Lease => ({ owner, until });

export function runStoreLeaseContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} (run store contract: leases)`, () => {
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
    const admit = (id: string, extra: Partial<NewRun> = {}) => store.admitRun({ id, workflow: wf, inputs: {}, createdAt: clock++, ...extra }, solo);
    const started = async (id: string, owner: string, until: number, extra: Partial<NewRun> = {}) => {
      await admit(id, extra);
      expect(await store.markRunning(id, clock++, lease(owner, until))).toBe(true);
    };
    const statuses = async (...ids: string[]) => Promise.all(ids.map(async (id) => (await store.getRun(id))?.status));
    const holder = async (id: string) => {
      const run = await store.getRun(id);
      return { owner: run?.leaseOwner, until: run?.leaseUntil };
    };

    it('markRunning takes a queued run under a lease and refuses a running one, whoever holds it', async () => {
      await admit('r1');
      expect(await store.markRunning('r1', 100, lease('a', 1_000))).toBe(true);
      expect(await store.getRun('r1')).toMatchObject({ status: 'running', startedAt: 100, leaseOwner: 'a', leaseUntil: 1_000 });
      expect(await store.markRunning('r1', 200, lease('b', 2_000))).toBe(false);
      expect(await store.markRunning('r1', 200, lease('a', 2_000))).toBe(false);
      expect(await holder('r1')).toEqual({ owner: 'a', until: 1_000 });
    });

    it('renewLease extends the lease of its holder only: another owner is refused and extends nothing', async () => {
      await started('r1', 'a', 1_000);
      expect(await store.renewLease('r1', lease('a', 2_000))).toEqual({ held: true });
      expect(await holder('r1')).toEqual({ owner: 'a', until: 2_000 });
      expect(await store.renewLease('r1', lease('b', 9_000))).toEqual({ held: false });
      expect(await holder('r1')).toEqual({ owner: 'a', until: 2_000 });

      await admit('queued');
      expect(await store.renewLease('queued', lease('a', 9_000))).toEqual({ held: false });
      expect(await holder('queued')).toEqual({ owner: undefined, until: undefined });
      expect(await store.renewLease('unknown', lease('a', 9_000))).toEqual({ held: false });
      expect(await store.finishRun('r1', 'success', { finishedAt: clock++, owner: 'a' })).toEqual({ finished: true });
      expect(await store.renewLease('r1', lease('a', 9_000))).toEqual({ held: false });
      expect(await holder('r1')).toEqual({ owner: 'a', until: undefined });
    });

    it('markInterrupted hands back only the runs the owner holds, ending their lease', async () => {
      await started('mine', 'a', 1_000);
      await started('theirs', 'b', 1_000);
      await admit('queued');
      expect(await store.markInterrupted(['mine', 'theirs', 'queued', 'unknown'], 'a')).toEqual(['mine']);
      expect(await statuses('mine', 'theirs', 'queued')).toEqual(['interrupted', 'running', 'queued']);
      expect(await holder('mine')).toEqual({ owner: 'a', until: undefined });
      expect(await holder('theirs')).toEqual({ owner: 'b', until: 1_000 });
    });

    it('releaseExpired takes the runs whose lease ended or whose owner is gone, and leaves live leases', async () => {
      await started('live', 'a', 6_000);
      await started('ends-now', 'a', 5_000);
      await started('ended', 'b', 4_999);
      await started('owner-dead', 'c', 9_000);
      await admit('queued');
      expect(await store.releaseExpired(5_000, [])).toEqual(['ended']);
      expect(await store.releaseExpired(5_000, ['c', 'someone-else'])).toEqual(['owner-dead']);
      expect(await store.releaseExpired(5_000, ['c'])).toEqual([]);
      expect(await statuses('live', 'ends-now', 'ended', 'owner-dead', 'queued')).toEqual(['running', 'running', 'interrupted', 'interrupted', 'queued']);
      expect(await holder('ended')).toEqual({ owner: 'b', until: undefined });
    });

    it('a released run goes to the next owner, and the old one can no longer renew, hand back or finish it', async () => {
      await admit('r1');
      await store.markRunning('r1', 100, lease('a', 1_000));
      expect(await store.releaseExpired(2_000, [])).toEqual(['r1']);
      // Released, not yet taken: the old owner is already refused.
      expect(await store.renewLease('r1', lease('a', 3_000))).toEqual({ held: false });
      expect(await store.getRun('r1')).toMatchObject({ status: 'interrupted' });
      expect(await store.markRunning('r1', 200, lease('b', 5_000))).toBe(true);
      expect(await store.renewLease('r1', lease('a', 3_000))).toEqual({ held: false });
      expect(await store.markInterrupted(['r1'], 'a')).toEqual([]);
      expect(await store.finishRun('r1', 'failure', { error: 'stale', finishedAt: 300, owner: 'a' })).toEqual({ finished: false });
      const run = await store.getRun('r1');
      expect(run).toMatchObject({ status: 'running', startedAt: 100, leaseOwner: 'b', leaseUntil: 5_000 });
      expect([run?.error, run?.finishedAt]).toEqual([undefined, undefined]);
      expect(await store.finishRun('r1', 'success', { finishedAt: 400, owner: 'b' })).toEqual({ finished: true });
      expect(await statuses('r1')).toEqual(['success']);
    });

    it('finishRun by an owner that lost the run changes nothing and promotes nothing', async () => {
      const group = { concurrencyGroup: 'pr-1' };
      await started('g1', 'a', 9_000, group);
      await admit('g2', group);
      expect(await store.releaseExpired(0, ['a'])).toEqual(['g1']);
      expect(await store.finishRun('g1', 'success', { finishedAt: clock++, owner: 'a' })).toEqual({ finished: false });
      expect(await statuses('g1', 'g2')).toEqual(['interrupted', 'pending']);
      await store.markRunning('g1', clock++, lease('b', 9_000));
      expect(await store.finishRun('g1', 'success', { finishedAt: clock++, owner: 'a' })).toEqual({ finished: false });
      expect(await statuses('g1', 'g2')).toEqual(['running', 'pending']);
      expect(await store.finishRun('g1', 'success', { finishedAt: clock++, owner: 'b' })).toMatchObject({ finished: true, promoted: { id: 'g2' } });

      await admit('never-started');
      expect(await store.finishRun('never-started', 'success', { finishedAt: clock++, owner: 'a' })).toEqual({ finished: false });
      expect(await statuses('never-started')).toEqual(['queued']);
    });

    it('requestCancel records a reason on a running run, which its holder hears on renewal; false when not running', async () => {
      await admit('r1');
      expect(await store.requestCancel('r1', 'cancelled by a user')).toBe(false);
      await store.markRunning('r1', clock++, lease('a', 1_000));
      expect(await store.renewLease('r1', lease('a', 2_000))).toEqual({ held: true });
      expect(await store.requestCancel('r1', 'cancelled by a user')).toBe(true);
      expect(await store.requestCancel('r1', 'cancelled by newer run r9')).toBe(true);
      expect(await store.renewLease('r1', lease('a', 3_000))).toEqual({ held: true, cancelRequested: 'cancelled by a user' });
      expect(await store.renewLease('r1', lease('b', 3_000))).toEqual({ held: false });
      expect(await store.markInterrupted(['r1'], 'a')).toEqual(['r1']);
      expect(await store.requestCancel('r1', 'cancelled by a user')).toBe(false);
      await store.cancelIfNotStarted('r1', 'cancelled by a user', clock++);
      expect(await store.requestCancel('r1', 'cancelled by a user')).toBe(false);
      expect(await store.requestCancel('unknown', 'cancelled by a user')).toBe(false);
    });

    it('a cancel request outlives a takeover: the owner resuming the run hears it', async () => {
      await started('r1', 'a', 1_000);
      await store.requestCancel('r1', 'cancelled by a user');
      expect(await store.releaseExpired(0, ['a'])).toEqual(['r1']);
      expect(await store.markRunning('r1', clock++, lease('b', 2_000))).toBe(true);
      expect(await store.renewLease('r1', lease('b', 3_000))).toEqual({ held: true, cancelRequested: 'cancelled by a user' });
    });

    it('leaseExpiredBefore lists the running runs whose lease ended, and nothing else', async () => {
      await started('live', 'a', 6_000);
      await started('ends-now', 'a', 5_000);
      await started('ended', 'b', 4_000);
      await started('finished', 'b', 1_000);
      await store.finishRun('finished', 'success', { finishedAt: clock++, owner: 'b' });
      await started('handed-back', 'b', 1_000);
      await store.markInterrupted(['handed-back'], 'b');
      await admit('queued');
      expect((await store.listRuns({ leaseExpiredBefore: 5_000 })).map((run) => run.id)).toEqual(['ended']);
      expect((await store.listRuns({ leaseExpiredBefore: 7_000 })).map((run) => run.id)).toEqual(['ended', 'ends-now', 'live']);
      expect((await store.listRuns({ leaseExpiredBefore: 7_000, limit: 1 })).map((run) => run.id)).toEqual(['ended']);
    });

    it('keeps the callback URL a run was admitted with', async () => {
      const callbackUrl = 'https://ci.example.com/hooks/run-done?token=abc';
      expect((await admit('r1', { callbackUrl, idempotencyKey: 'd1' })).run.callbackUrl).toBe(callbackUrl);
      await admit('r2');
      expect((await store.getRun('r1'))?.callbackUrl).toBe(callbackUrl);
      expect(await store.listRuns()).toMatchObject([{ id: 'r2' }, { id: 'r1', callbackUrl }]);
      expect((await store.getRun('r2'))?.callbackUrl).toBeUndefined();
      // A redelivery gets the first run, announced where the first admission asked.
      expect((await admit('r3', { idempotencyKey: 'd1', callbackUrl: 'https://elsewhere.example.com' })).run).toMatchObject({ id: 'r1', callbackUrl });
    });
  });
}
