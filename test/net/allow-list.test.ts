import { describe, expect, it } from 'vitest';
import { parseAllowList } from '../../src/net/allow-list.js';

describe('the allowlist (api.callbacks.allowHosts)', () => {
  const allow = parseAllowList(['Receiver.Internal', '10.1.0.0/16', '127.0.0.1', 'fd00:1::/32', '[::1]']);

  it('matches host names exactly and case-insensitively, ignoring a trailing dot', () => {
    expect(allow.allowsName('receiver.internal')).toBe(true);
    expect(allow.allowsName('RECEIVER.internal.')).toBe(true);
    expect(allow.allowsName('evil.receiver.internal')).toBe(false);
    expect(allow.allowsName('receiver.internal.evil.com')).toBe(false);
  });

  it('matches addresses by CIDR, a bare address being its own /32 or /128', () => {
    expect(allow.allowsAddress('10.1.200.3')).toBe(true);
    expect(allow.allowsAddress('10.2.0.1')).toBe(false);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('fd00:1:ffff::9')).toBe(true);
    expect(allow.allowsAddress('fd00:2::9')).toBe(false);
    expect(allow.allowsAddress('::1')).toBe(true);
  });

  it('does not let a name entry match an address, nor an address entry a name', () => {
    expect(allow.allowsAddress('receiver.internal')).toBe(false);
    expect(allow.allowsName('127.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'hooks internal', 'http://hooks.internal', '10.0.0.0/x', 'a..b'])(
    'refuses the entry %s at startup, naming where it is and what would do',
    (entry) => {
      expect(() => parseAllowList(['ok.example', entry])).toThrow(
        `api.callbacks.allowHosts[1]: "${entry}" is neither a host name, an address nor a CIDR; write e.g. hooks.internal, 10.0.0.7, 10.0.0.0/8 or fd00::/8`,
      );
    },
  );
});
