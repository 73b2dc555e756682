import { describe, expect, it } from 'vitest';
import { pinnedLookup } from '../../src/net/pinned-lookup.js';

function ask(options: { family?: number; all?: boolean }, addresses = ['93.184.216.34', '2606:2800:220:1::1']) {
  return new Promise((resolve) => {
    pinnedLookup(addresses)('rebind.example', options, (error: unknown, address: unknown, family?: unknown) =>
      resolve(error ? { error: (error as Error).message } : { address, family }),
    );
  });
}

describe('the pinned lookup a checked request connects with', () => {
  it('answers with the checked addresses only, whatever name it is asked about', async () => {
    await expect(ask({})).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(ask({ all: true })).resolves.toEqual({
      address: [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }],
      family: undefined,
    });
  });

  it('honours a requested family, and fails rather than resolve when none of that family was checked', async () => {
    await expect(ask({ family: 6 })).resolves.toEqual({ address: '2606:2800:220:1::1', family: 6 });
    await expect(ask({ family: 6 }, ['93.184.216.34'])).resolves.toEqual({ error: 'no checked address of that family' });
  });
});
