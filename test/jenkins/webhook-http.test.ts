import nock from 'nock';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictNock } from '../github/helpers.js';
import { atPhase, WEBHOOK_TOKEN } from './helpers.js';
import { startJenkinsRig, type JenkinsRig } from './rig.js';

const EVERY_PHASE = ['name: every-phase', 'on:', '  jenkins: { job: asgard }', 'steps:', '  - uses: diff.analyze', '    with: { diff: "" }', ''].join('\n');
const FAILED_APP = ['name: failed-app', 'on:', '  jenkins: { job: app-*, status: [FAILURE, UNSTABLE], phase: FINALIZED }', 'steps:', '  - uses: diff.analyze', '    with: { diff: "" }', ''].join('\n');
const SIMPLE = { job: 'app-build', build: '41', status: 'FAILURE', url: 'https://ci.example.com/job/app-build/41/', commit: 'c6d86dc654b12425e706bcf951adfe5a8627a517', pr: '7', repo: 'acme/app' };

let rig: JenkinsRig;
beforeAll(async () => {
  strictNock();
  rig = await startJenkinsRig({ jenkins: { webhookToken: WEBHOOK_TOKEN }, server: { maxBodyBytes: 4096 } }, { 'every-phase.yml': EVERY_PHASE, 'failed-app.yml': FAILED_APP });
});
afterAll(async () => {
  await rig.close();
  nock.cleanAll();
});

const keysOf = async (workflow: string) => (await rig.runs(workflow)).map((run) => run.idempotencyKey).sort();

describe('POST /api/jenkins/webhook', () => {
  it.each(['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED'] as const)('records one run for the Notification plugin payload at phase %s', async (phase) => {
    const answer = await rig.post(atPhase(phase, 'SUCCESS'));
    expect(answer).toEqual({ status: 202, body: { status: 'queued', key: `jenkins:asgard#18:${phase}`, runIds: [expect.any(String)] } });
    const [run] = (await rig.runs('every-phase')).filter((r) => r.idempotencyKey === `jenkins:asgard#18:${phase}:every-phase`);
    expect(run?.status).toBe('queued');
    expect(run?.event).toMatchObject({ source: 'jenkins', event: 'build', action: phase, repo: 'evgeny-goldin/asgard', branch: 'master', details: { jenkins: { job: 'asgard', build: 18, phase } } });
  });

  it('starts the workflows a simple Jenkinsfile JSON matches, with the PR and repository on the event', async () => {
    const answer = await rig.post(SIMPLE);
    expect(answer.status).toBe(202);
    const [run] = await rig.runs('failed-app');
    expect(run?.idempotencyKey).toBe('jenkins:app-build#41:FINALIZED:failed-app');
    expect(run?.event).toMatchObject({ repo: 'acme/app', number: 7, details: { jenkins: { job: 'app-build', build: 41, status: 'FAILURE', pr: 7, commit: SIMPLE.commit, url: SIMPLE.url } } });
  });

  it('accepts the token as ?token= for plugins that can only set a URL', async () => {
    const answer = await rig.post({ ...SIMPLE, build: 50 }, { token: null, query: `?token=${WEBHOOK_TOKEN}` });
    expect(answer.status).toBe(202);
    expect(await keysOf('failed-app')).toContain('jenkins:app-build#50:FINALIZED:failed-app');
  });

  it('refuses a wrong or missing token with 401 and records nothing', async () => {
    const before = (await rig.runs()).length;
    for (const options of [{ token: 'wrong-token-wrong-token' }, { token: null }, { token: null, query: '?token=nope' }, { token: null, headers: { authorization: `Basic ${WEBHOOK_TOKEN}` } }]) {
      const answer = await rig.post({ ...SIMPLE, build: 60 }, options);
      expect(answer).toEqual({ status: 401, body: { error: 'wrong or missing token: send JENKINS_WEBHOOK_TOKEN as `Authorization: Bearer <token>` or as `?token=<token>`' } });
    }
    expect((await rig.runs()).length).toBe(before);
  });

  it('a notification sent twice starts its workflows once and says duplicate the second time', async () => {
    const first = await rig.post({ ...SIMPLE, build: 70 });
    const second = await rig.post({ ...SIMPLE, build: 70 });
    expect(first.status).toBe(202);
    expect(second).toEqual({ status: 200, body: { status: 'duplicate', key: 'jenkins:app-build#70:FINALIZED', runIds: first.body.runIds } });
    expect((await keysOf('failed-app')).filter((key) => key?.startsWith('jenkins:app-build#70:'))).toHaveLength(1);
  });

  it('answers 200 and records nothing when no workflow listens', async () => {
    const before = (await rig.runs()).length;
    expect(await rig.post({ ...SIMPLE, job: 'docs', build: 1, status: 'SUCCESS' })).toEqual({ status: 200, body: { status: 'ignored', key: 'jenkins:docs#1:FINALIZED', ignored: 'no workflow listens' } });
    expect((await rig.runs()).length).toBe(before);
  });

  it('says what is wrong with malformed JSON (400), an unknown shape (422), another method (405) and a body over the cap (413)', async () => {
    const before = (await rig.runs()).length;
    const malformed = await rig.post('{"job": "app-build",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/^the body is not JSON: /);
    expect(await rig.post([1, 2])).toEqual({ status: 400, body: { error: 'the body must be a JSON object (a build notification)' } });
    const unknown = await rig.post({ job: 'app-build', build: 3 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/^simple build JSON is missing or has invalid fields: status: .*; url: /);
    expect(await rig.post(undefined, { method: 'GET' })).toEqual({ status: 405, body: { error: 'use POST for the Jenkins webhook (got GET)' } });
    const large = await rig.post({ ...SIMPLE, build: 80, padding: 'x'.repeat(8192) });
    expect(large).toEqual({ status: 413, body: { error: 'request body over 4096 bytes (server.maxBodyBytes)' } });
    expect((await rig.runs()).length).toBe(before);
  });
});

describe('without JENKINS_WEBHOOK_TOKEN', () => {
  it('mounts no Jenkins route', async () => {
    const bare = await startJenkinsRig({}, { 'failed-app.yml': FAILED_APP });
    try {
      expect((await bare.post(SIMPLE, { token: 'anything-at-all-123' })).status).toBe(404);
      expect(bare.runtime.integrations.find((integration) => integration.name === 'jenkins')?.configured).toBe(false);
      expect(await bare.runs()).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

describe('what the Jenkins route logs', () => {
  it('names a refused request and a recorded build, and never a token, right or wrong', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const logged = await startJenkinsRig({ jenkins: { webhookToken: WEBHOOK_TOKEN } }, { 'failed-app.yml': FAILED_APP }, { logger });
    try {
      expect((await logged.post(SIMPLE, { token: 'a-wrong-token-of-some-length' })).status).toBe(401);
      expect((await logged.post(SIMPLE, { token: null, query: `?token=${WEBHOOK_TOKEN}` })).status).toBe(202);
    } finally {
      await logged.close();
    }
    const text = lines.join('');
    expect(text).toContain('jenkins webhook refused: wrong or missing token');
    expect(text).toContain('jenkins build queued');
    expect(text).not.toContain(WEBHOOK_TOKEN);
    expect(text).not.toContain('a-wrong-token-of-some-length');
  });
});
