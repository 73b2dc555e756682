import type { LookupFunction } from 'node:net';
import { isIPv6 } from 'node:net';

/**
 * The socket's name resolution, replaced: it answers only with the addresses the policy has already judged and
 * never asks DNS again, so a name that resolves to a public address for the check and to 10.0.0.1 a moment
 * later (DNS rebinding) still connects to the checked one. Handles `all` (Node's happy-eyeballs connect asks
 * for every address) and a requested family.
 */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }));
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? entries.filter((entry) => entry.family === options.family) : entries;
    if (wanted.length === 0) return callback(Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) return (callback as unknown as (error: null, all: typeof entries) => void)(null, wanted);
    callback(null, wanted[0]!.address, wanted[0]!.family);
  };
}

