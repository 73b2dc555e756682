import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jenkinsConfigSchema, type JenkinsConfig } from '../../src/config/integrations.js';
import type { ActionContext, AnyAction } from '../../src/engine/action.js';
import { createJenkinsIntegration } from '../../src/integrations/jenkins/index.js';
import { LogTail } from '../../src/integrations/jenkins/console/log-tail.js';
import { createLogger } from '../../src/logger.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { strictNock } from '../github/helpers.js';

const USER = 'ci-bot';
const API_TOKEN = '11e0a5c0ffee0123456789abcdef0123';
const AUTH = `Basic ${Buffer.from(`${USER}:${API_TOKEN}`).toString('base64')}`;
/** 200 numbered lines: the first and last are easy to find in what is kept. */
const LOG = Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')} ${'.'.repeat(40)}`).join('\n') + '\n';

interface Seen {
  path: string;
  start: string | null;
  authorization: string | undefined;
}

let server: Server;
let base: string;
let seen: Seen[];
/** How the fake Jenkins answers `start`: the bytes from it to `end`, and whether more is coming. */
let answer: (start: number) => { end: number; more: boolean };

beforeEach(async () => {
  strictNock();
  seen = [];
  answer = () => ({ end: LOG.length, more: false });
  server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, start: url.searchParams.get('start'), authorization: req.headers.authorization });
    if (req.headers.authorization !== AUTH) return res.writeHead(401).end('Unauthorized');
    if (!url.pathname.endsWith('/logText/progressiveText')) return res.writeHead(404).end();
    const start = Number(url.searchParams.get('start'));
    const { end, more } = answer(start);
    res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'x-text-size': String(end), ...(more ? { 'x-more-data': 'true' } : {}) });
    // In several writes, as Jenkins streams it.
    const text = LOG.slice(start, end);
    for (let at = 0; at < text.length; at += 700) res.write(text.slice(at, at + 700));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jenkins/`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function consoleAction(config: Partial<JenkinsConfig>, clock = new FakeClock(true)): { action: AnyAction; clock: FakeClock } {
  const parsed = jenkinsConfigSchema.parse({ url: base, user: USER, apiToken: API_TOKEN, consoleMaxBytes: 2048, ...config });
  const integration = createJenkinsIntegration(parsed, { logger: createLogger('silent'), engine: {} as never, workflows: () => [], clock });
  return { action: integration.actions.find((action) => action.name === 'jenkins.console')!, clock };
}

const noop = () => {};
async function run(action: AnyAction, input: Record<string, unknown>, event?: ActionContext['event']) {
  const ctx: ActionContext = { runId: 'r1', workflow: 'ci-failure', stepId: 'console', attempt: 1, ...(event ? { event } : {}) };
  const log = { debug: noop, info: noop, warn: noop, error: noop };
  return action.run(ctx, action.input.parse(input), { signal: new AbortController().signal, log, emit: noop });
}

describe('jenkins.console', () => {
  it('follows X-More-Data and X-Text-Size across polls, with basic auth, and keeps the tail', async () => {
    answer = (start) => (start < 8000 ? { end: start + 4000, more: true } : { end: LOG.length, more: false });
    const { action, clock } = consoleAction({});
    const out = await run(action, { url: `${base}job/app/42/`, maxBytes: 1024 });
    expect(seen.map((s) => [s.path, s.start, s.authorization])).toEqual([
      ['/jenkins/job/app/42/logText/progressiveText', '0', AUTH],
      ['/jenkins/job/app/42/logText/progressiveText', '4000', AUTH],
      ['/jenkins/job/app/42/logText/progressiveText', '8000', AUTH],
    ]);
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(out).toMatchObject({ bytes: LOG.length, truncated: true, complete: true });
    const log = out.log as string;
    expect(Buffer.byteLength(log)).toBeLessThanOrEqual(1024);
    expect(log.endsWith(`line 199 ${'.'.repeat(40)}\n`)).toBe(true);
    expect(log.startsWith('line ')).toBe(true);
    expect(log).not.toContain('line 000');
  });

  it('reads a finished build in one request, whole when it fits, from the triggering build (a relative URL resolves under JENKINS_URL)', async () => {
    const { action } = consoleAction({ consoleMaxBytes: 64 * 1024 });
    const out = await run(action, {}, { source: 'jenkins', event: 'build', details: { jenkins: { job: 'app', build: 42, url: 'job/app/42/' } } });
    expect(seen.map((s) => s.path)).toEqual(['/jenkins/job/app/42/logText/progressiveText']);
    expect(out).toEqual({ log: LOG, bytes: LOG.length, truncated: false, complete: true });
  });

  it('stops at its deadline while the build keeps writing, and says the log is not complete', async () => {
    answer = (start) => ({ end: Math.min(start + 100, LOG.length), more: true });
    const { action, clock } = consoleAction({});
    const out = await run(action, { url: `${base}job/app/42/`, timeoutMs: 5_000 });
    expect(out).toMatchObject({ complete: false, bytes: 400 });
    expect(clock.sleeps).toEqual([2000, 2000, 1000]);
  });

  it.each([
    ['another host', 'https://evil.example.com/jenkins/job/app/42/'],
    ['a protocol-relative URL', '//evil.example.com/jenkins/job/app/42/'],
    ['a path outside JENKINS_URL', '../other/job/app/42/'],
    ['credentials in the URL', '(base with u:p@)'],
  ])('refuses %s: the API token never leaves JENKINS_URL', async (_what, given) => {
    const { action } = consoleAction({});
    const url = given === '(base with u:p@)' ? `${base.replace('http://', 'http://u:p@')}job/app/42/` : given;
    await expect(run(action, { url })).rejects.toThrow(/build URLs must be under JENKINS_URL/);
    expect(seen).toEqual([]);
  });

  it('says which settings are missing when it is not configured', async () => {
    const { action } = consoleAction({ url: undefined, apiToken: undefined });
    await expect(run(action, { url: `${base}job/app/42/` })).rejects.toThrow('jenkins.console is not configured: set JENKINS_URL, JENKINS_API_TOKEN');
  });

  it('names the credentials, never their value, when Jenkins refuses them', async () => {
    const { action } = consoleAction({ apiToken: 'not-the-right-token' });
    const error = await run(action, { url: `${base}job/app/42/` }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/Jenkins refused the credentials .* \(HTTP 401\): check JENKINS_USER and JENKINS_API_TOKEN/);
    expect((error as Error).message).not.toContain('not-the-right-token');
    expect(JSON.stringify(error)).not.toContain('not-the-right-token');
  });
});

describe('LogTail', () => {
  it('keeps the last bytes across chunks, starting after a newline and never inside a UTF-8 character', () => {
    const tail = new LogTail(16);
    for (const chunk of ['first line\n', 'second ', 'line\nthird é line\n']) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe('third é line\n');
    const noNewline = new LogTail(5);
    noNewline.push(Buffer.from('ééééé'));
    expect(noNewline.text()).toBe('éé');
    expect(noNewline.total).toBe(10);
  });
});
