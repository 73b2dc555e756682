import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/net/address-policy.js';
import { parseTarget } from '../../src/net/check-target.js';

const refusedAs = (address: string) => {
  const verdict = classifyAddress(address);
  return verdict.public ? 'public' : verdict.reason;
};

describe('the outbound address policy', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['10.0.0.5', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a CGNAT (shared) address'],
    ['169.254.10.1', 'a link-local address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['224.0.0.251', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['198.18.0.1', 'a benchmarking address'],
    ['192.0.2.10', 'a documentation address'],
    ['203.0.113.7', 'a documentation address'],
    ['240.0.0.1', 'a reserved address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['fd00::1', 'a unique-local (private) address'],
    ['fc00::1', 'a unique-local (private) address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['ff02::1', 'a multicast address'],
    ['2001:db8::1', 'a documentation address'],
    ['::ffff:127.0.0.1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['::ffff:7f00:1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['::ffff:a9fe:a9fe', 'an IPv4-mapped form of 169.254.169.254, a cloud metadata address'],
    ['::10.0.0.1', 'an IPv4-compatible form of 10.0.0.1, a private address'],
    ['64:ff9b::a00:1', 'a NAT64 form of 10.0.0.1, a private address'],
    ['2002:c0a8:101::1', 'a 6to4 form of 192.168.1.1, a private address'],
    ['2001:0:4136:e378::1', 'a Teredo tunnel address'],
    ['4000::1', 'a reserved address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(refusedAs(address)).toBe(reason);
  });

  it('marks the metadata service as such, also behind an IPv4-mapped address', () => {
    expect(classifyAddress('169.254.169.254')).toMatchObject({ public: false, metadata: true });
    expect(classifyAddress('::ffff:169.254.169.254')).toMatchObject({ public: false, metadata: true });
    expect(classifyAddress('10.0.0.1')).toMatchObject({ public: false, metadata: false });
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'lets the public address %s through',
    (address) => {
      expect(refusedAs(address)).toBe('public');
    },
  );

  it('refuses text that is no address at all', () => {
    expect(refusedAs('localhost')).toBe('not an IP address');
  });

  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'],
    ['http://012.0.0.1/', '10.0.0.1'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
  ])('reads %s as the address %s it spells, so the policy judges that address', (url, host) => {
    const parsed = parseTarget(url);
    expect(parsed.hostname).toBe(host);
    expect(classifyAddress(parsed.hostname).public).toBe(false);
  });
});
