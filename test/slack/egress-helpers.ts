import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, expect } from 'vitest';
import { slackConfigSchema, type SlackConfig } from '../../src/config/integrations.js';
import { ActionRegistry } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import { EventBus } from '../../src/engine/event-bus.js';
import type { RunRecord } from '../../src/engine/run-record.js';
import type { TriggerEvent } from '../../src/engine/trigger-event.js';
import type { Workflow } from '../../src/engine/workflow.js';
import { createSlackEgress, type SlackEgress } from '../../src/integrations/slack/egress.js';
import { mentionEvent, slashCommandEvent, type MentionEnvelope, type SlashCommandBody } from '../../src/integrations/slack/normalize-event.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { Probe } from '../helpers/engine.js';
import { FakeClock } from '../helpers/fake-clock.js';

/** The Slack Web API as the egress tests fake it: nock at the configured `apiUrl`. */
export const SLACK_ORIGIN = 'http://slack.test';
export const API_URL = `${SLACK_ORIGIN}/api/`;
export const TOKEN = 'xoxb-egress-test-4242-never-logged';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/slack/web-api/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** Slack's documented `chat.postMessage` answer, with the channel and ts a scenario needs. */
export function postMessageAnswer(channel: string, ts: string, text = 'ok'): Record<string, unknown> {
  const example = fixture('chat.postMessage.json') as { message: Record<string, unknown> };
  return { ...example, channel, ts, message: { ...example.message, text, ts } };
}

/** Slack's documented `chat.update` answer, with the channel and ts of the message updated. */
export function updateAnswer(channel: string, ts: string, text = 'ok'): Record<string, unknown> {
  const example = fixture('chat.update.json') as { message: Record<string, unknown> };
  return { ...example, channel, ts, text, message: { ...example.message, text } };
}

export function usergroupAnswer(): Record<string, unknown> {
  return fixture('usergroups.users.list.json');
}

/** An `ok:false` body as Slack sends it (`error-examples.json` holds the documented ones). */
export function errorAnswer(error: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const example = (fixture('error-examples.json') as Record<string, Record<string, unknown>>)['chat.postMessage']!;
  return { ...example, error, ...extra };
}

export function egressConfig(overrides: Partial<Record<keyof SlackConfig, unknown>> = {}): SlackConfig {
  return slackConfigSchema.parse({ botToken: TOKEN, signingSecret: 'egress-signing-secret', apiUrl: API_URL, ...overrides });
}

/** A pino logger whose lines the test can read (to prove the token never reaches them). */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }), lines };
}

/** Lets pending promise chains and nock's replies run, without moving time. */
export async function settle(turns = 100): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Turns the event loop (never the clock) until `condition` holds; fails after `turns` turns. */
export async function until(condition: () => boolean, turns = 20_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never held');
}

/** Strict nock for every test of the file: no real network, and no mock left unused. */
export function strictNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });
}

/** The Authorization header WebClient sends, checked on every faked call. */
export function slackApi(): nock.Scope {
  return nock(SLACK_ORIGIN, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

/** Trigger events exactly as ingress builds them from the documented slash-command body and app_mention envelope. */
const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors/webhook-vectors.json', import.meta.url), 'utf8')) as {
  slack_slash_command_docs: { body: string };
  slack_app_mention_event_callback: { body: MentionEnvelope };
};

export function slashCommand(text: string): TriggerEvent {
  const body = Object.fromEntries(new URLSearchParams(vectors.slack_slash_command_docs.body)) as SlashCommandBody;
  return slashCommandEvent({ ...body, command: '/sdlc', text });
}

export function mention(text: string): TriggerEvent {
  const envelope = vectors.slack_app_mention_event_callback.body;
  return mentionEvent({ ...envelope, event: { ...envelope.event, text: `<@U0LAN0Z89> ${text}` } });
}

export interface EgressRig {
  engine: Engine;
  store: SqliteRunStore;
  egress: SlackEgress;
  probe: Probe;
  /** Egress time: sleeps (pacing, Retry-After) jump it forward, so request times show the pacing. */
  clock: FakeClock;
  lines: string[];
  run(workflow: Workflow, event?: TriggerEvent): Promise<RunRecord>;
  close(): Promise<void>;
}

/**
 * A real Engine (SQLite store, memory queue, the probe's test actions and `slack.post`) with Slack egress on its
 * bus. The engine's own clock stands still, so step and run durations are 0 and message texts are exact.
 */
export function egressRig(options: { config?: Parameters<typeof egressConfig>[0]; follow?: boolean } = {}): EgressRig {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-egress-'));
  const store = new SqliteRunStore(join(dir, 'state.db'));
  const bus = new EventBus();
  const clock = new FakeClock(true);
  const { logger, lines } = capturedLogger();
  const egress = createSlackEgress({ config: egressConfig(options.config), logger, bus, store, clock });
  const probe = new Probe();
  const actions = new ActionRegistry().register(...probe.actions(), ...egress.actions);
  const engine = new Engine({ store, queue: new MemoryQueue(4), actions, bus, clock: new FakeClock(), random: () => 0.5 }).start();
  if (options.follow !== false) egress.follower.start();
  return {
    engine,
    store,
    egress,
    probe,
    clock,
    lines,
    async run(workflow, event) {
      const { run } = await engine.submit(workflow, event ? { event } : {});
      return engine.waitFor(run.id);
    },
    async close() {
      await egress.follower.close();
      await engine.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SlackCall {
  method: string;
  body: Record<string, string>;
  at: number;
}

/**
 * Answers every Web API call with `answer` and records it (method, form body, egress time), for tests that
 * assert a whole conversation in order. `expected` calls, no more (strict nock fails on an extra one).
 */
export function recordSlack(clock: FakeClock, expected: number, answer: (call: SlackCall, index: number) => Record<string, unknown>): { calls: SlackCall[]; done: () => boolean } {
  const calls: SlackCall[] = [];
  slackApi()
    .post(/^\/api\/(chat\.postMessage|chat\.update)$/)
    .times(expected)
    .reply((uri, body) => {
      const call = { method: uri.replace('/api/', ''), body: Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : JSON.stringify(body))), at: clock.now() };
      calls.push(call);
      return [200, answer(call, calls.length - 1)];
    });
  return { calls, done: () => calls.length === expected };
}
