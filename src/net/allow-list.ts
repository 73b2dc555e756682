import { BlockList, isIP } from 'node:net';
import { bareAddress } from './ip-address.js';

/**
 * The operator's exceptions to the address policy (`api.callbacks.allowHosts`): host names, matched exactly and
 * case-insensitively, and addresses or CIDRs. A bad entry is refused when the list is built (at startup), not
 * when the first callback is due.
 */
export interface AllowList {
  /** The setting the entries come from, named in refusals so the operator knows where to add one. */
  readonly setting: string;
  allowsName(host: string): boolean;
  allowsAddress(address: string): boolean;
}

const HOST_NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/; // no nested quantifier can backtrack: labels are split by literal dots

function normalName(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

export function parseAllowList(entries: readonly string[], setting = 'api.callbacks.allowHosts'): AllowList {
  const names = new Set<string>();
  const networks = new BlockList();
  entries.forEach((raw, index) => {
    const entry = raw.trim();
    const slash = entry.indexOf('/');
    const address = bareAddress(slash === -1 ? entry : entry.slice(0, slash));
    const family = isIP(address);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const prefixText = slash === -1 ? String(family === 6 ? 128 : 32) : entry.slice(slash + 1);
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (family !== 0 && prefix <= (family === 6 ? 128 : 32)) return networks.addSubnet(address, prefix, type);
    const name = normalName(entry);
    if (slash === -1 && name.length > 0 && name.length <= 253 && HOST_NAME.test(name)) return names.add(name);
    throw new Error(
      `${setting}[${index}]: "${raw}" is neither a host name, an address nor a CIDR; write e.g. hooks.internal, 10.0.0.7, 10.0.0.0/8 or fd00::/8`,
    );
  });
  return {
    setting,
    allowsName: (host) => names.has(normalName(bareAddress(host))),
    allowsAddress: (address) => {
      const bare = bareAddress(address);
      const family = isIP(bare);
      return family !== 0 && networks.check(bare, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
