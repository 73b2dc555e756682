import type { JobPosition } from './job-service.js';

/**
 * The opaque `cursor` of `GET /api/jobs`: where the previous page ended (creation time and job id),
 * base64url-encoded so clients pass it back rather than build it.
 */
export function encodeCursor(position: JobPosition): string {
  return Buffer.from(`${position.createdAt}.${position.id}`, 'utf8').toString('base64url');
}

/** Undefined for anything `encodeCursor` did not produce. */
export function decodeCursor(cursor: string): JobPosition | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  if (dot <= 0) return undefined;
  const createdAt = Number(text.slice(0, dot));
  const id = text.slice(dot + 1);
  if (!Number.isSafeInteger(createdAt) || createdAt < 0 || !/^[\w-]{1,100}$/.test(id)) return undefined;
  return { createdAt, id };
}
