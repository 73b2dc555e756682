import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './address-policy.js';
import type { AllowList } from './allow-list.js';
import { bareAddress } from './ip-address.js';
import { OutboundFailed, OutboundRefused } from './outbound-errors.js';

/**
 * Turns a URL into the addresses a request may connect to, after the policy has judged every one of them: a
 * name with one private address among public ones is refused, since the connection could use any of them.
 */

/** All the addresses a host name resolves to. Tests inject one; production asks the system resolver. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** The URL, parsed the WHATWG way: `2130706433`, `0177.0.0.1` and `0x7f.1` all become `127.0.0.1` here. */
export function parseTarget(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundRefused('not an absolute URL; write e.g. https://hooks.example.com/agentic-sdlc');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new OutboundRefused(`only http and https URLs are allowed, not ${parsed.protocol}`);
  }
  return parsed;
}

export async function checkedAddresses(url: URL, allow: AllowList, resolve: Resolver, signal?: AbortSignal): Promise<string[]> {
  const host = bareAddress(url.hostname);
  const literal = isIP(host) !== 0;
  const addresses = literal ? [host] : await resolveWithin(host, resolve, signal);
  const named = !literal && allow.allowsName(host);
  for (const address of addresses) {
    const verdict = classifyAddress(address);
    if (verdict.public || allow.allowsAddress(address)) continue;
    // An allowed name still does not unlock the metadata service: a name can be repointed, an address entry cannot.
    if (named && !verdict.metadata) continue;
    if (literal) throw new OutboundRefused(`${address} is ${verdict.reason} (allow it with ${allow.setting})`);
    const fix = verdict.metadata ? `allow the exact address with ${allow.setting} if you mean it` : `allow the host or its network with ${allow.setting}`;
    throw new OutboundRefused(`${host} resolves to ${address}, ${verdict.reason} (${fix})`);
  }
  return addresses;
}

async function resolveWithin(host: string, resolve: Resolver, signal?: AbortSignal): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await (signal ? raceAbort(resolve(host), signal) : resolve(host));
  } catch (error) {
    if (error instanceof OutboundFailed) throw error;
    const code = (error as { code?: unknown }).code;
    throw new OutboundFailed('dns', `cannot resolve ${host}: ${typeof code === 'string' ? code : (error as Error).message}`, { cause: error });
  }
  if (addresses.length === 0) throw new OutboundFailed('dns', `cannot resolve ${host}: no addresses`);
  return addresses;
}

/** `dns.lookup` cannot be cancelled; a step's timeout must still end the wait for it. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new OutboundFailed('aborted', 'cancelled before the host name was resolved'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OutboundFailed('aborted', 'cancelled while resolving the host name'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
