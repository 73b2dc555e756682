import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';
import { ActionRegistry, defineAction } from '../../src/engine/action.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { step, workflow } from '../helpers/engine.js';

// Credentials the integrations hold; workflows cannot read them, and none may reach what a run lets out.
const CREDENTIALS = {
  slack: { signingSecret: 'slack-signing-5ecret-0123', botToken: 'xoxb-1111-2222-credential' },
  jira: { host: 'https://acme.atlassian.net', email: 'bot@acme.test', apiToken: 'jira-api-token-credential' },
  jenkins: { webhookToken: 'jenkins-webhook-token-credential', url: 'https://ci.acme.test', user: 'bot', apiToken: 'jenkins-api-token-credential' },
};
const VALUES = [CREDENTIALS.slack.signingSecret, CREDENTIALS.slack.botToken, CREDENTIALS.jira.apiToken, CREDENTIALS.jenkins.webhookToken, CREDENTIALS.jenkins.apiToken];

/** An action that lets every credential out: in a log line, an output and its error. */
const careless = defineAction({
  name: 'test.careless',
  description: 'quotes credentials',
  input: z.object({ fail: z.boolean().default(false) }),
  output: z.object({ said: z.string() }),
  run(_ctx, { fail }, tools) {
    tools.log.info(`calling with ${VALUES.join(' ')}`);
    if (fail) return Promise.reject(new Error(`refused: ${VALUES.join(' ')}`));
    return Promise.resolve({ said: VALUES.join(',') });
  },
});

let runtime: Runtime | undefined;
let dir: string | undefined;
afterEach(async () => {
  await runtime?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  runtime = dir = undefined;
});

describe('integration credentials', () => {
  it('are masked in run outputs, step errors, logs and the state file, though no workflow names them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-credentials-'));
    const logged: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
    const config = configSchema.parse({ db: join(dir, 'state.db'), ...CREDENTIALS });
    runtime = await createRuntime(config, { logger, analysisThread: false, actions: new ActionRegistry().register(careless) });
    runtime.engine.start();
    const wf = workflow('careless', [step('say', 'test.careless'), step('fail', 'test.careless', { with: { fail: true } })], { outputs: { said: '${{ steps.say.outputs.said }}' } });
    const { run } = await runtime.engine.submit(wf);
    const done = await runtime.engine.waitFor(run.id);
    expect(done.status).toBe('failure');
    expect(String(done.outputs?.said)).toContain('***');
    const steps = await runtime.store.getSteps(run.id);
    expect(steps.find((s) => s.stepId === 'fail')?.error).toContain('refused: ***');
    await runtime.close();
    runtime = undefined;
    const stored = readdirSync(dir).map((file) => readFileSync(join(dir!, file)).toString('latin1')).join('\n');
    const everything = [JSON.stringify(done), JSON.stringify(steps), logged.join('\n'), stored];
    for (const value of VALUES) for (const text of everything) expect(text).not.toContain(value);
  });
});
