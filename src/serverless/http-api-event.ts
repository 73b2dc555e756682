// The event API Gateway's HTTP API and Lambda function URLs send (payload format 2.0), turned into the plain
// HTTP request the webhook routes take, and their answer turned back into what Lambda returns to the caller.
import type { IncomingHttpHeaders } from 'node:http';

/** Payload format 2.0, the fields the ingest reads (API Gateway sends more). */
export interface HttpApiEvent {
  version?: string;
  /** The path as requested, without the query; with a named (not `$default`) HTTP API stage, it starts with the stage. */
  rawPath: string;
  rawQueryString?: string;
  /** Lower-case names; a repeated header arrives once, its values joined with commas. */
  headers?: Record<string, string | undefined>;
  body?: string;
  /** True for bodies Lambda did not take for text (a function URL encodes every non-JSON, non-text type). */
  isBase64Encoded?: boolean;
  requestContext: { requestId?: string; http: { method: string; sourceIp?: string } };
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

export interface PlainRequest {
  method: string;
  /** Path and query, as on an HTTP request line. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface PlainResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Headers about one connection, not the request: the client's hop ended at API Gateway, and ours sets its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect', 'content-length']);

/** The request an event carries, with the body's exact bytes (signatures are over them); throws for any other event. */
export function requestOf(event: unknown): PlainRequest {
  if (!isHttpApiEvent(event)) {
    throw new Error(
      'the agentic-sdlc Lambda ingest takes API Gateway HTTP API or Lambda function URL events (payload format 2.0: rawPath, requestContext.http.method); set PayloadFormatVersion: "2.0" on the integration (deploy/lambda/template.yaml does)',
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  const body = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  return { method: event.requestContext.http.method.toUpperCase(), url: `${event.rawPath || '/'}${query}`, headers, body };
}

/** The answer as Lambda returns it: text bodies as text (our routes answer JSON or nothing), anything else in base64. */
export function resultOf(response: PlainResponse): HttpApiResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const text = response.body.length === 0 || /json|text|xml|urlencoded/i.test(headers['content-type'] ?? '');
  return { statusCode: response.status, headers, body: response.body.toString(text ? 'utf8' : 'base64'), isBase64Encoded: !text };
}

/** A JSON answer given by the ingest itself (when the routes could not be reached). */
export function jsonResult(statusCode: number, body: object): HttpApiResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), isBase64Encoded: false };
}

function isHttpApiEvent(event: unknown): event is HttpApiEvent {
  const candidate = event as Partial<HttpApiEvent> | null;
  return typeof candidate?.rawPath === 'string' && typeof candidate.requestContext?.http?.method === 'string';
}
