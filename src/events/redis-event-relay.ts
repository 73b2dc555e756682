import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventRelay } from '../engine/ports/event-relay.js';
import { createLogger } from '../logger.js';
import { decodeMessage, encodeMessage } from './relay-message.js';
import { safeRedisUrl, type SafeRedisUrl } from '../net/redis-url.js';
import { shut, trackLastError, whenReady, withTimeout } from './redis-connections.js';

/** What the relay logs through (a pino `Logger` fits). */
export interface RelayLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface RedisEventRelayOptions {
  /** `redis://…` (`REDIS_URL`). */
  url: string;
  /** Pub/sub channel; the processes of one deployment share it. Default `agentic-sdlc:events`. */
  channel?: string;
  /** Put before the channel (`<prefix>:<channel>`); tests isolate themselves with their own. */
  prefix?: string;
  /** Default: warnings and errors to stderr. */
  logger?: RelayLogger;
  /** How long `subscribe` waits for Redis before it rejects. Default 5,000 ms. */
  subscribeTimeoutMs?: number;
}

/**
 * Engine events between the processes of one deployment over Redis pub/sub (`ports/event-relay.ts`). Two
 * connections, since a subscribed one cannot publish. `publish` is synchronous and best effort: while Redis
 * is down events are dropped and counted (one warning per outage), never queued behind the engine's back,
 * and the order of one relay's events is the order of its PUBLISH commands on its one connection. Every
 * relay has an origin id in its messages and skips its own, which Redis sends back to it like to any
 * subscriber. The subscriber reconnects and resubscribes by itself (ioredis).
 */
export class RedisEventRelay implements EventRelay {
  readonly origin = randomUUID();
  readonly channel: string;
  private readonly url: SafeRedisUrl;
  private readonly logger: RelayLogger;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private deliver: ((name: string, payload: unknown) => void) | undefined;
  private droppedCount = 0;
  /** False from the first drop until the publisher is ready again: one warning per outage. */
  private publishing = true;
  private malformedCount = 0;
  private readonly subscriberError: () => string | undefined;
  /** Set once the first SUBSCRIBE was acknowledged: later closes are outages worth a warning. */
  private subscribed = false;
  private subscriptionLost = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: RedisEventRelayOptions) {
    const channel = options.channel ?? 'agentic-sdlc:events';
    this.channel = options.prefix ? `${options.prefix}:${channel}` : channel;
    this.url = safeRedisUrl(options.url);
    this.logger = options.logger ?? createLogger('warn');
    const name = `agentic-sdlc-events-${this.origin.slice(0, 8)}`;
    // No offline queue: an event Redis cannot take now is dropped, not kept in memory for an unknown time.
    this.publisher = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: `${name}-pub` });
    this.subscriber = new Redis(options.url, { lazyConnect: true, autoResubscribe: true, connectionName: `${name}-sub` });
    this.subscriberError = trackLastError(this.subscriber);
    trackLastError(this.publisher);
    this.publisher.on('ready', () => this.publisherReady());
    this.subscriber.on('close', () => this.subscriberClosed());
    this.subscriber.on('ready', () => this.subscriberReady());
  }

  /** Events not relayed so far (Redis down, or a payload JSON cannot carry). */
  get dropped(): number {
    return this.droppedCount;
  }

  publish(name: string, payload: unknown): void {
    if (this.closing) return;
    const encoded = encodeMessage(this.origin, name, payload);
    if ('problem' in encoded) {
      this.droppedCount++;
      this.logger.error({ event: name, runId: runIdOf(payload), problem: encoded.problem }, 'an engine event was not relayed to other processes: its payload cannot be sent as JSON (fix the code that emitted it)');
      return;
    }
    if (this.publisher.status !== 'ready') return this.drop(name, `the connection is ${this.publisher.status}`);
    this.publisher.publish(this.channel, encoded.text).catch((error: unknown) => this.drop(name, messageOf(error)));
  }

  async subscribe(deliver: (name: string, payload: unknown) => void): Promise<void> {
    if (this.closing) throw new Error(`the event relay on ${this.url.shown} is closed; create a new one to subscribe`);
    if (this.deliver) throw new Error(`the event relay on ${this.url.shown} subscribes once (it is subscribed, or its subscribe failed); close it and create a new one`);
    this.deliver = deliver;
    // Synchronous all the way to `deliver`: any await here would let messages overtake each other.
    this.subscriber.on('message', (channel: string, text: string) => this.receive(channel, text));
    const timeoutMs = this.options.subscribeTimeoutMs ?? 5_000;
    try {
      // The publisher too, so that events the engine emits once subscribed are not dropped as "Redis down".
      await withTimeout(Promise.all([this.subscriber.subscribe(this.channel), whenReady(this.publisher)]), timeoutMs);
      this.subscribed = true;
    } catch (error) {
      const cause = [messageOf(error), this.subscriberError()].filter(Boolean).join('; last connection error: ');
      // Stop retrying in the background: the caller fails its start, and the process must be able to exit.
      this.subscriber.disconnect();
      throw new Error(
        `could not subscribe to engine events (channel "${this.channel}") on Redis at ${this.url.shown}: ${this.url.scrub(cause)}. ` +
          'Check that Redis runs there and that REDIS_URL is right, then close this relay and start again.',
      );
    }
  }

  /** Unsubscribes and closes both connections (waiting briefly for events already sent); later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.deliver && this.subscriber.status === 'ready') await withTimeout(this.subscriber.unsubscribe(this.channel), 1_000).catch(() => undefined);
      await Promise.all([this.subscriber, this.publisher].map((connection) => shut(connection)));
    })();
    return this.closing;
  }

  private receive(channel: string, text: string): void {
    if (this.closing || channel !== this.channel || !this.deliver) return;
    const message = decodeMessage(text);
    if (!message) {
      if (this.malformedCount++ === 0) this.logger.warn({ channel, length: text.length }, 'ignoring a message on the engine events channel that is not an event (another program publishing there?); later ones are ignored silently');
      return;
    }
    if (message.o === this.origin) return;
    try {
      this.deliver(message.n, message.p);
    } catch (error) {
      // Thrown here, it would escape ioredis's socket handler as an uncaught exception and end the process.
      this.logger.error({ event: message.n, err: messageOf(error) }, 'delivering a relayed engine event failed');
    }
  }

  private drop(name: string, reason: string): void {
    this.droppedCount++;
    if (!this.publishing || this.closing) return;
    this.publishing = false;
    this.logger.warn({ redis: this.url.shown, channel: this.channel, event: name, reason: this.url.scrub(reason) }, 'cannot publish engine events to Redis: other processes miss them until it is back (dropped, not queued)');
  }

  private publisherReady(): void {
    if (!this.publishing) this.logger.info({ redis: this.url.shown, dropped: this.droppedCount }, 'publishing engine events to Redis again');
    this.publishing = true;
  }

  private subscriberClosed(): void {
    if (this.closing || !this.subscribed || this.subscriptionLost) return;
    this.subscriptionLost = true;
    this.logger.warn({ redis: this.url.shown, channel: this.channel }, 'lost the Redis connection that receives engine events from other processes; reconnecting (events published meanwhile are missed)');
  }

  private subscriberReady(): void {
    if (!this.subscriptionLost || this.closing) return;
    this.subscriptionLost = false;
    this.logger.info({ redis: this.url.shown, channel: this.channel }, 'reconnected to Redis; resubscribing to engine events');
  }
}

function runIdOf(payload: unknown): string | undefined {
  const runId = typeof payload === 'object' && payload !== null ? (payload as { runId?: unknown }).runId : undefined;
  return typeof runId === 'string' ? runId : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
