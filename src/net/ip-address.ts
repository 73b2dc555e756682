import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP address text as bytes, and the IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), so the
 * address policy judges `::ffff:127.0.0.1` as the loopback address it reaches. A scanner, not a regex: linear.
 */

/** The address without an IPv6 zone (`fe80::1%eth0`) or URL brackets (`[::1]`). */
export function bareAddress(text: string): string {
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = unbracketed.indexOf('%');
  return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

/** The 16 bytes of an IPv6 address, or undefined when `text` is not one. */
export function ipv6Bytes(text: string): Uint8Array | undefined {
  const address = bareAddress(text);
  if (!isIPv6(address)) return undefined;
  const halves = address.split('::');
  const groups = (part: string | undefined): number[] => {
    if (!part) return [];
    return part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [Number.parseInt(group, 16)];
      const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const all = halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** Whether two spellings name the same address (`::ffff:7f00:1` and `::ffff:127.0.0.1` do). */
export function sameAddress(a: string, b: string): boolean {
  const left = bareAddress(a);
  const right = bareAddress(b);
  if (isIPv4(left) || isIPv4(right)) return left === right;
  const x = ipv6Bytes(left);
  const y = ipv6Bytes(right);
  return x !== undefined && y !== undefined && x.every((byte, i) => byte === y[i]);
}

export type Embedding = 'IPv4-mapped' | 'IPv4-compatible' | 'NAT64' | '6to4';

/** The IPv4 address inside an IPv6 one, and how it is carried; undefined when it carries none. */
export function embeddedIpv4(bytes: Uint8Array): { ipv4: string; via: Embedding } | undefined {
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((byte) => byte === 0);
  const v4 = (at: number) => [...bytes.subarray(at, at + 4)].join('.');
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return { ipv4: v4(12), via: 'IPv4-mapped' };
  // `::` and `::1` are the unspecified and loopback addresses, not compatible addresses of 0.0.0.0 and 0.0.0.1.
  if (zeros(0, 12) && !zeros(12, 15)) return { ipv4: v4(12), via: 'IPv4-compatible' };
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return { ipv4: v4(12), via: 'NAT64' };
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { ipv4: v4(2), via: '6to4' };
  return undefined;
}
