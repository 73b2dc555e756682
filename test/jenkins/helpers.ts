import { readFileSync } from 'node:fs';

/** The Notification plugin's documented payload (test/fixtures/jenkins/SOURCE.txt), deep-copied per call. */
type WikiExample = { name: string; url: string; build: Record<string, unknown> & { phase: string; status?: string; number: number; scm: Record<string, string> } };

export function wikiExample(): WikiExample {
  return JSON.parse(readFileSync(new URL('../fixtures/jenkins/wiki-example.json', import.meta.url), 'utf8')) as WikiExample;
}

/** The same build at `phase`: the plugin leaves `status` out until the build has a result. */
export function atPhase(phase: 'QUEUED' | 'STARTED' | 'COMPLETED' | 'FINALIZED', status = 'FAILURE') {
  const payload = wikiExample();
  payload.build.phase = phase;
  if (phase === 'QUEUED' || phase === 'STARTED') delete payload.build.status;
  else payload.build.status = status;
  return payload;
}

export const WEBHOOK_TOKEN = 'jenkins-test-token-0123456789';
