import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../src/net/allow-list.js';
import type { Resolver } from '../../src/net/check-target.js';
import { OutboundFailed, OutboundRefused } from '../../src/net/outbound-errors.js';
import { safeFetch } from '../../src/net/safe-fetch.js';
import { answerJson, startReceiver, type Receiver } from './receiver.js';

const nothingAllowed = parseAllowList([]);
/** A resolver that answers from a table and counts its calls. */
function resolverOf(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign((host: string) => {
    calls.push(host);
    return Promise.resolve(table[host] ?? []);
  }, { calls });
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver(answerJson(200, { ok: true }));
});
afterEach(async () => {
  await receiver.close();
});

describe('safeFetch refuses what would reach this server or its network', () => {
  it.each([
    ['http://127.0.0.1:PORT/', 'refused: 127.0.0.1 is a loopback address (allow it with api.callbacks.allowHosts)'],
    ['http://2130706433:PORT/', 'refused: 127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1:PORT/', 'refused: 127.0.0.1 is a loopback address'],
    ['http://0x7f.1:PORT/', 'refused: 127.0.0.1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]:PORT/', 'refused: ::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['http://[::1]:PORT/', 'refused: ::1 is a loopback address'],
    ['http://10.0.0.5/', 'refused: 10.0.0.5 is a private address (allow it with api.callbacks.allowHosts)'],
    ['http://172.16.0.1/', 'refused: 172.16.0.1 is a private address'],
    ['http://192.168.1.1/', 'refused: 192.168.1.1 is a private address'],
    ['http://100.64.0.1/', 'refused: 100.64.0.1 is a CGNAT (shared) address'],
    ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a cloud metadata address'],
    ['http://[fd00::1]/', 'refused: fd00::1 is a unique-local (private) address'],
    ['http://[fd00:ec2::254]/', 'refused: fd00:ec2::254 is a cloud metadata address'],
  ])('refuses %s', async (url, message) => {
    const error = await safeFetch(url.replace('PORT', String(receiver.port)), {}, { allow: nothingAllowed }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    expect((error as Error).message).toContain(message);
    expect(receiver.requests).toEqual([]);
  });

  it('refuses localhost, which the system resolves to a loopback address', async () => {
    await expect(safeFetch(`http://localhost:${receiver.port}/`, {}, { allow: nothingAllowed })).rejects.toThrow(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(allow the host or its network with api\.callbacks\.allowHosts\)$/,
    );
    expect(receiver.requests).toEqual([]);
  });

  it('refuses a name that resolves to a private address', async () => {
    const resolve = resolverOf({ 'hooks.example.com': ['10.0.0.5'] });
    await expect(safeFetch('https://hooks.example.com/job', {}, { allow: nothingAllowed, resolve })).rejects.toThrow(
      'refused: hooks.example.com resolves to 10.0.0.5, a private address (allow the host or its network with api.callbacks.allowHosts)',
    );
  });

  it('refuses a name when any one of its addresses is private, since the connection could use that one', async () => {
    const resolve = resolverOf({ 'mixed.example.com': ['93.184.216.34', '2606:2800:220:1::1', '::ffff:192.168.0.1'] });
    await expect(safeFetch('https://mixed.example.com/', {}, { allow: nothingAllowed, resolve })).rejects.toThrow(
      'refused: mixed.example.com resolves to ::ffff:192.168.0.1, an IPv4-mapped form of 192.168.0.1, a private address',
    );
  });

  it('does not let a name on the allowlist reach the metadata service', async () => {
    const resolve = resolverOf({ 'receiver.internal': ['169.254.169.254'] });
    await expect(safeFetch('http://receiver.internal/', {}, { allow: parseAllowList(['receiver.internal']), resolve })).rejects.toThrow(
      'refused: receiver.internal resolves to 169.254.169.254, a cloud metadata address (allow the exact address with api.callbacks.allowHosts if you mean it)',
    );
  });

  it('fails as a DNS failure, naming the host, when the name does not resolve', async () => {
    const error = await safeFetch('https://nowhere.example/', {}, { allow: nothingAllowed, resolve: resolverOf({}) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundFailed);
    expect(error).toMatchObject({ kind: 'dns', message: 'cannot resolve nowhere.example: no addresses' });
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1:70/'])('refuses the scheme of %s', async (url) => {
    await expect(safeFetch(url, {}, { allow: nothingAllowed })).rejects.toThrow(/^refused: only http and https URLs are allowed, not [a-z]+:$/);
  });
});

describe('safeFetch with the allowlist', () => {
  it('reaches a receiver on 127.0.0.1 allowed by CIDR, sending method, headers and body', async () => {
    const response = await safeFetch(
      `${receiver.url}/hook?x=1`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
      { allow: parseAllowList(['127.0.0.0/8']) },
    );
    expect(response).toMatchObject({ status: 200, truncated: false, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(response.body.toString())).toEqual({ ok: true });
    expect(receiver.requests).toMatchObject([{ method: 'POST', path: '/hook?x=1', body: '{"a":1}', headers: { 'content-length': '7' } }]);
  });

  it('reaches a receiver allowed by name, connecting to the address it resolved once (no second lookup)', async () => {
    // `receiver.test` exists only in this resolver: were the socket to resolve the name again itself, it would fail.
    const resolve = resolverOf({ 'receiver.test': ['127.0.0.1'] });
    const response = await safeFetch(`http://Receiver.Test:${receiver.port}/`, {}, { allow: parseAllowList(['receiver.test']), resolve });
    expect(response.status).toBe(200);
    expect(resolve.calls).toEqual(['receiver.test']);
    expect(receiver.requests[0]?.headers.host).toBe(`receiver.test:${receiver.port}`);
  });

  it('stops reading a response at maxResponseBytes and says it did', async () => {
    await receiver.close();
    receiver = await startReceiver((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('x'.repeat(200_000));
    });
    const response = await safeFetch(receiver.url, {}, { allow: parseAllowList(['127.0.0.1']), maxResponseBytes: 1000 });
    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(1000);
  });

  it('gives up on a receiver that does not answer within timeoutMs', async () => {
    await receiver.close();
    receiver = await startReceiver(() => undefined);
    const error = await safeFetch(receiver.url, {}, { allow: parseAllowList(['127.0.0.1']), timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundFailed);
    expect(error).toMatchObject({ kind: 'timeout', message: `http://127.0.0.1:${receiver.port} did not answer within 50 ms` });
  });
});

describe('safeFetch and redirects', () => {
  it('returns a redirect to the metadata address as is and never follows it', async () => {
    await receiver.close();
    receiver = await startReceiver((_request, response) => {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      response.end();
    });
    const response = await safeFetch(receiver.url, { method: 'POST', body: '{}' }, { allow: parseAllowList(['127.0.0.1']) });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('http://169.254.169.254/latest/meta-data/');
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow a real receiver redirecting to another local port', async () => {
    const target = await startReceiver(answerJson(200, { reached: true }));
    await receiver.close();
    receiver = await startReceiver((_request, response) => {
      response.writeHead(307, { location: `${target.url}/internal` });
      response.end();
    });
    const response = await safeFetch(receiver.url, { method: 'POST', body: '{}' }, { allow: parseAllowList(['127.0.0.1']) });
    expect(response.status).toBe(307);
    expect(target.requests).toEqual([]);
    await target.close();
  });
});

describe('safeFetch checks the peer it actually connected to', () => {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('drops a connection whose peer is not one of the checked addresses', async () => {
    // nock answers on a socket of its own, with no peer address at all: exactly a connection nobody checked.
    const resolve = resolverOf({ 'hooks.example.com': ['93.184.216.34'] });
    const hook = nock('http://hooks.example.com').post('/job', '{"done":true}').reply(200, { ok: true });
    await expect(safeFetch('http://hooks.example.com/job', { method: 'POST', body: '{"done":true}' }, { allow: nothingAllowed, resolve })).rejects.toThrow(
      'refused: hooks.example.com connected to an unknown address, which was not checked',
    );
    nock.abortPendingRequests();
    expect(hook.pendingMocks()).toEqual([]);
  });
});
