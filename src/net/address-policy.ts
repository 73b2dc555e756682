import { BlockList, isIPv4 } from 'node:net';
import { bareAddress, embeddedIpv4, ipv6Bytes } from './ip-address.js';

/**
 * Which IP addresses outbound requests (job callbacks, `http.request`) may reach on their own: public unicast
 * only. Everything a request from this server could use to reach the server itself, its network or its cloud's
 * metadata service is refused, with the reason in words an operator can act on.
 */

export type Verdict = { public: true } | { public: false; reason: string; metadata: boolean };

const METADATA = 'a cloud metadata address';

/** First match wins, so the metadata addresses come before the ranges that contain them. */
const IPV4_RANGES: [cidr: string, reason: string][] = [
  ['169.254.169.254/32', METADATA],
  ['168.63.129.16/32', METADATA], // Azure's WireServer: public-looking, reachable only from inside Azure.
  ['0.0.0.0/8', 'an unspecified ("this network") address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a CGNAT (shared) address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a 6to4 relay address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['255.255.255.255/32', 'the broadcast address'],
  ['240.0.0.0/4', 'a reserved address'],
];

/** Checked after the embedded IPv4 forms; then anything outside global unicast (2000::/3) is refused too. */
const IPV6_RANGES: [cidr: string, reason: string][] = [
  ['fd00:ec2::254/128', METADATA],
  ['::/128', 'an unspecified address'],
  ['::1/128', 'a loopback address'],
  ['64:ff9b:1::/48', 'a private (local-use NAT64) address'],
  ['100::/64', 'a discard-only address'],
  ['2001::/32', 'a Teredo tunnel address'],
  ['2001:2::/48', 'a benchmarking address'],
  ['2001:db8::/32', 'a documentation address'],
  ['3fff::/20', 'a documentation address'],
  ['fc00::/7', 'a unique-local (private) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address'],
  ['ff00::/8', 'a multicast address'],
];

function tableOf(ranges: [string, string][], type: 'ipv4' | 'ipv6'): { list: BlockList; reason: string }[] {
  return ranges.map(([cidr, reason]) => {
    const [network, prefix] = cidr.split('/') as [string, string];
    const list = new BlockList();
    list.addSubnet(network, Number(prefix), type);
    return { list, reason };
  });
}

const V4 = tableOf(IPV4_RANGES, 'ipv4');
const V6 = tableOf(IPV6_RANGES, 'ipv6');
const GLOBAL_UNICAST = tableOf([['2000::/3', '']], 'ipv6')[0]!.list;

function refused(reason: string): Verdict {
  return { public: false, reason, metadata: reason === METADATA };
}

/** Whether `address` (IPv4 or IPv6 text, as `dns.lookup` or `new URL().hostname` gives it) is public. */
export function classifyAddress(address: string): Verdict {
  const bare = bareAddress(address);
  if (isIPv4(bare)) {
    const match = V4.find(({ list }) => list.check(bare, 'ipv4'));
    return match ? refused(match.reason) : { public: true };
  }
  const bytes = ipv6Bytes(bare);
  if (!bytes) return refused('not an IP address');
  const embedded = embeddedIpv4(bytes);
  if (embedded) {
    const inner = classifyAddress(embedded.ipv4);
    const article = embedded.via.startsWith('IPv4') ? 'an' : 'a';
    if (!inner.public) return { ...inner, reason: `${article} ${embedded.via} form of ${embedded.ipv4}, ${inner.reason}` };
    if (embedded.via === 'IPv4-compatible') return refused('a deprecated IPv4-compatible address');
    return { public: true };
  }
  const match = V6.find(({ list }) => list.check(bare, 'ipv6'));
  if (match) return refused(match.reason);
  return GLOBAL_UNICAST.check(bare, 'ipv6') ? { public: true } : refused('a reserved address');
}
