import { describe, expect, it } from 'vitest';
import { buildEvent, notificationKey } from '../../src/integrations/jenkins/build-event.js';
import { parseBuildNotification } from '../../src/integrations/jenkins/build-notification.js';
import { repoFromScmUrl } from '../../src/integrations/jenkins/scm-repo.js';
import { atPhase, wikiExample } from './helpers.js';

describe('the Notification plugin JSON', () => {
  it('reads the documented example: job, build, phase, status, full URL, commit, branch without origin/, and the GitHub repository', () => {
    expect(parseBuildNotification(wikiExample())).toEqual({
      ok: true,
      notification: {
        job: 'asgard',
        build: 18,
        phase: 'COMPLETED',
        status: 'SUCCESS',
        url: 'http://localhost:8080/job/asgard/18/',
        commit: 'c6d86dc654b12425e706bcf951adfe5a8627a517',
        repo: 'evgeny-goldin/asgard',
        branch: 'master',
      },
    });
  });

  it.each(['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED'] as const)('accepts phase %s, with a status only once the build has a result', (phase) => {
    const parsed = parseBuildNotification(atPhase(phase));
    expect(parsed.ok && parsed.notification.phase).toBe(phase);
    expect(parsed.ok && parsed.notification.status).toBe(phase === 'QUEUED' || phase === 'STARTED' ? undefined : 'FAILURE');
  });

  it('falls back to the relative build URL when Jenkins has no root URL configured', () => {
    const payload = wikiExample();
    delete payload.build.full_url;
    const parsed = parseBuildNotification(payload);
    expect(parsed.ok && parsed.notification.url).toBe('job/asgard/18/');
  });

  it('names the fields that are missing or wrong', () => {
    const payload = wikiExample();
    payload.build.phase = 'DONE';
    delete (payload as { name?: string }).name;
    const parsed = parseBuildNotification(payload);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^Notification plugin JSON is missing or has invalid fields: name: .*; build\.phase: .*QUEUED/);
  });
});

describe('the simple JSON of a Jenkinsfile httpRequest', () => {
  it('takes Jenkins environment strings as numbers, defaults the phase to FINALIZED and upper-cases the status', () => {
    const parsed = parseBuildNotification({ job: 'app-build', build: '42', status: 'failure', url: 'https://ci.example.com/job/app-build/42/', commit: 'abc1234', branch: 'feature/x', pr: '7', repo: 'acme/app' });
    expect(parsed).toEqual({
      ok: true,
      notification: { job: 'app-build', build: 42, phase: 'FINALIZED', status: 'FAILURE', url: 'https://ci.example.com/job/app-build/42/', commit: 'abc1234', branch: 'feature/x', pr: 7, repo: 'acme/app' },
    });
  });

  it('reads the pull request from a multibranch PR-<n> branch name', () => {
    const parsed = parseBuildNotification({ job: 'app/PR-12', build: 3, status: 'UNSTABLE', url: 'https://ci.example.com/job/app/job/PR-12/3/', branch: 'PR-12' });
    expect(parsed.ok && parsed.notification).toMatchObject({ branch: 'PR-12', pr: 12 });
  });

  it('names what is missing from the simple shape, and what neither shape has', () => {
    expect(parseBuildNotification({ job: 'app' })).toEqual({ ok: false, error: expect.stringMatching(/^simple build JSON is missing or has invalid fields: build: .*; status: .*; url: /) });
    expect(parseBuildNotification({ hello: 'world' })).toEqual({ ok: false, error: expect.stringContaining('expected the Notification plugin JSON (name, build.number, build.phase) or the simple JSON (job, build, status, url)') });
  });
});

describe('the build event', () => {
  it('is a jenkins build event with the phase as action, the PR as number and the rest under details.jenkins', () => {
    const parsed = parseBuildNotification({ job: 'app', build: 5, status: 'FAILURE', url: 'https://ci/job/app/5/', pr: 9, repo: 'acme/app', commit: 'abcdef1' });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(buildEvent(parsed.notification, { any: 'payload' })).toEqual({
      source: 'jenkins',
      event: 'build',
      action: 'FINALIZED',
      repo: 'acme/app',
      number: 9,
      details: { jenkins: { job: 'app', build: 5, phase: 'FINALIZED', status: 'FAILURE', url: 'https://ci/job/app/5/', commit: 'abcdef1', pr: 9 } },
      deliveryId: 'jenkins:app#5:FINALIZED',
      payload: { any: 'payload' },
    });
    expect(notificationKey({ job: 'folder/app', build: 5, phase: 'STARTED' })).toBe('jenkins:folder/app#5:STARTED');
  });
});

describe('repoFromScmUrl', () => {
  it.each([
    ['https://github.com/evgeny-goldin/asgard.git', 'evgeny-goldin/asgard'],
    ['git@github.com:acme/app.git', 'acme/app'],
    ['ssh://git@github.com/acme/app', 'acme/app'],
    ['https://github.com/acme/app/', 'acme/app'],
    ['https://gitlab.com/acme/app.git', undefined],
    ['https://github.com/acme/app/tree/main', undefined],
    ['https://github.com/../app', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, repo) => {
    expect(repoFromScmUrl(url)).toBe(repo);
  });
});
