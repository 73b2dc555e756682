/**
 * The wire format of engine events between processes: JSON `{ o: origin, n: name, p: payload }`. Decoding
 * trusts nothing on the channel (another program, an older version, a typo in a channel name may publish
 * there): anything else is `undefined`, never an exception.
 */
export interface RelayMessage {
  /** The id of the relay that published it, so that relay can skip its own messages. */
  o: string;
  /** The event's name. */
  n: string;
  /** The event's payload, any JSON value. */
  p: unknown;
}

/** The message as text, or the reason it cannot be sent (a BigInt, a cycle, a throwing `toJSON`, no payload). */
export function encodeMessage(origin: string, name: string, payload: unknown): { text: string } | { problem: string } {
  if (payload === undefined) return { problem: 'the payload is undefined' };
  try {
    const message: RelayMessage = { o: origin, n: name, p: payload };
    return { text: JSON.stringify(message) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

export function decodeMessage(text: string): RelayMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { o, n, p } = value as Partial<Record<keyof RelayMessage, unknown>>;
  if (typeof o !== 'string' || o === '' || typeof n !== 'string' || n === '' || p === undefined) return undefined;
  return { o, n, p };
}
