import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { AllowList } from './allow-list.js';
import { checkedAddresses, parseTarget, systemResolver, type Resolver } from './check-target.js';
import { sameAddress } from './ip-address.js';
import { OutboundFailed, OutboundRefused } from './outbound-errors.js';
import { pinnedLookup } from './pinned-lookup.js';

/**
 * One outbound HTTP request that cannot be pointed at this server's network: the name is resolved once, every
 * address is judged, and the socket may only connect to those addresses (DNS rebinding cannot swap them in
 * between). Redirects are never followed: a 3xx comes back as is, for the caller to treat as a failure. The
 * response body is read up to `maxResponseBytes` and the whole exchange is bounded by `timeoutMs`.
 */

export interface SafeFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface SafeFetchOptions {
  allow: AllowList;
  timeoutMs?: number;
  maxResponseBytes?: number;
  signal?: AbortSignal;
  resolve?: Resolver;
}

export interface SafeResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The body was longer than `maxResponseBytes`; `body` holds its start and the connection was dropped. */
  truncated: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export async function safeFetch(url: string | URL, init: SafeFetchInit, options: SafeFetchOptions): Promise<SafeResponse> {
  const target = parseTarget(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const origin = `${target.protocol}//${target.host}`;
  try {
    const addresses = await checkedAddresses(target, options.allow, options.resolve ?? systemResolver, signal);
    return await send(target, addresses, init, signal, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof OutboundRefused) throw error;
    if (timeout.aborted) throw new OutboundFailed('timeout', `${origin} did not answer within ${timeoutMs} ms`, { cause: error });
    if (signal.aborted) throw new OutboundFailed('aborted', `the request to ${origin} was cancelled`, { cause: error });
    if (error instanceof OutboundFailed) throw error;
    const code = (error as { code?: unknown }).code;
    throw new OutboundFailed('network', `${origin}: ${typeof code === 'string' ? code : (error as Error).message}`, { cause: error });
  }
}

function send(url: URL, addresses: string[], init: SafeFetchInit, signal: AbortSignal, maxBytes: number): Promise<SafeResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) };
    const transport = url.protocol === 'https:' ? https : http;
    // `agent: false`: a fresh socket each time, so no pooled connection made elsewhere is ever reused here.
    const request = transport.request(url, { method: init.method ?? 'GET', headers, agent: false, lookup: pinnedLookup(addresses), signal }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () =>
        resolve({ status: response.statusCode ?? 0, headers: flatHeaders(response.headers), body: Buffer.concat(chunks), truncated });
      response.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const room = maxBytes - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (chunk.length > room) {
          truncated = true;
          response.destroy();
          finish();
        }
      });
      response.on('end', finish);
      response.on('error', (error) => (truncated ? undefined : reject(error)));
    });
    // Defence in depth behind the pinned lookup: the connected peer must be one of the checked addresses.
    request.on('socket', (socket: Socket) =>
      socket.once('connect', () => {
        const peer = socket.remoteAddress ?? '';
        if (!addresses.some((address) => sameAddress(address, peer))) request.destroy(new OutboundRefused(`${url.host} connected to ${peer || 'an unknown address'}, which was not checked`));
      }),
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
