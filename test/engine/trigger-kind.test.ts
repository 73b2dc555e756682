import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';
import { parseWorkflow } from '../../src/engine/loader/index.js';
import { matchWorkflows } from '../../src/engine/match-trigger.js';
import {
  apiTriggerKind,
  builtinTriggerKinds,
  defineTriggerKind,
  manualTriggerKind,
  stringList,
  toList,
  TriggerKindRegistry,
} from '../../src/engine/trigger-kind.js';
import { githubTriggerKind } from '../../src/integrations/github/trigger-kind.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { createTriggerKinds } from '../../src/trigger-kinds.js';
import { FILE, problemsOf, yaml } from '../loader/helpers.js';

/** A kind from outside the engine and the shipped integrations: what a plugin would register. */
const gitlabKind = defineTriggerKind<{ events: string | string[]; projects?: string | string[] | undefined }, { events: string[]; projects?: string[] }>({
  name: 'gitlab',
  description: 'GitLab webhooks.',
  on: z.strictObject({ events: stringList('Event names.'), projects: stringList('Project paths.').optional() }),
  normalize: (block) => ({ events: toList(block.events), ...(block.projects !== undefined && { projects: toList(block.projects) }) }),
  matches: (filter, event) => filter.events.includes(event.event) && (!filter.projects || (event.repo !== undefined && filter.projects.includes(event.repo))),
  check: (block) =>
    typeof block === 'object' && block !== null && (block as { events?: unknown }).events === 'push' ? [{ path: ['events'], message: 'on.gitlab.events: use a list for push' }] : [],
});

const withGitlab = () => new TriggerKindRegistry().register(...builtinTriggerKinds(), gitlabKind);

describe('TriggerKindRegistry', () => {
  it('registers kinds, finds them by name and lists them in registration order', () => {
    const kinds = new TriggerKindRegistry().register(githubTriggerKind).register(...builtinTriggerKinds());
    expect(kinds.get('github')).toBe(githubTriggerKind);
    expect(kinds.get('manual')).toBe(manualTriggerKind);
    expect(kinds.has('api')).toBe(true);
    expect(kinds.has('slack')).toBe(false);
    expect(kinds.get('constructor')).toBeUndefined();
    expect(kinds.list().map((kind) => kind.name)).toEqual(['github', 'api', 'manual']);
    expect(kinds.names()).toEqual(['api', 'github', 'manual']);
  });

  it('refuses a second kind with the same name, and a name that cannot be an on: key', () => {
    const kinds = new TriggerKindRegistry().register(apiTriggerKind);
    expect(() => kinds.register({ ...apiTriggerKind })).toThrow('trigger kind api is registered twice');
    expect(() => kinds.register({ ...apiTriggerKind, name: 'Git Hub' })).toThrow("trigger kind name 'Git Hub' must be lowercase letters, digits, - or _");
    expect(kinds.names()).toEqual(['api']);
  });

  it('is what the runtime registers: the engine kinds, GitHub and the coming integrations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-kinds-'));
    try {
      const runtime = await createRuntime(configSchema.parse({ db: join(dir, 'state.db') }), { logger: createLogger('silent'), analysisThread: false });
      try {
        expect(runtime.triggers.list().map((kind) => kind.name)).toEqual(createTriggerKinds().list().map((kind) => kind.name));
        expect(runtime.triggers.names()).toEqual(['api', 'github', 'jenkins', 'manual', 'slack']);
        expect(runtime.github.triggerKinds).toEqual([githubTriggerKind]);
      } finally {
        await runtime.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('on: validation from the registered kinds', () => {
  it('reports an on: key no kind claims at file:line:col, with the kind it was probably meant to be', () => {
    const text = yaml('name: review', 'on:', '  gihub:', '    pull_request: {}', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([`${FILE}:3:3: unknown trigger 'gihub' in on; did you mean github?`]);
  });

  it('lists the registered kinds when nothing is close', () => {
    const text = yaml('name: review', 'on: { bitbucket: { events: [push] } }', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([
      `${FILE}:2:7: unknown trigger 'bitbucket' in on; no registered trigger kind has that name (known: api, github, jenkins, manual, slack)`,
    ]);
  });

  it('without a registry knows only the engine kinds: an integration that is not registered is an error, never silence', () => {
    const text = yaml('name: review', 'on:', '  manual: true', '  api: {}', '  github: { issues: {} }', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text, { triggers: new TriggerKindRegistry().register(...builtinTriggerKinds()) })).toEqual([
      `${FILE}:5:3: unknown trigger 'github' in on; no registered trigger kind has that name (known: api, manual)`,
    ]);
    expect(() => parseWorkflow(text, { file: FILE })).toThrow(`${FILE}:5:3: unknown trigger 'github' in on`);
    expect(parseWorkflow(yaml('name: review', 'on: { manual: true, api: {} }', 'steps:', '  - uses: diff.analyze')).on).toEqual({ manual: true, api: true });
  });

  it("points at a kind's own schema errors inside its block", () => {
    const text = yaml(
      'name: review',
      'on:',
      '  jenkins:',
      '    statuz: [FAILURE]',
      '  slack: { mentions: often }',
      '  github:',
      '    pull_request: { types: 3 }',
      'steps:',
      '  - uses: diff.analyze',
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:4:5: unknown key 'statuz' in on.jenkins; did you mean status?`,
      `${FILE}:5:10: on.slack matches nothing; list commands or set mentions: true`,
      `${FILE}:5:22: on.slack.mentions must be a boolean, got 'often'`,
      `${FILE}:7:28: on.github.pull_request.types must be a string or a list, got 3`,
    ]);
  });

  it("runs a kind's own checks, positioned under on.<kind>", () => {
    const text = yaml('name: review', 'on:', '  jenkins: { status: [FAILUER] }', '  slack: {}', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text)).toEqual([
      `${FILE}:3:23: unknown Jenkins status 'FAILUER'; did you mean FAILURE?`,
      `${FILE}:4:10: on.slack matches nothing; list commands or set mentions: true`,
    ]);
  });

  it('validates, checks, normalizes and matches a kind registered from outside', () => {
    const triggers = withGitlab();
    const ok = parseWorkflow(yaml('name: mr', 'on:', '  gitlab: { events: merge_request, projects: [grp/app] }', 'steps:', '  - uses: diff.analyze'), { triggers });
    expect(ok.on).toEqual({ gitlab: { events: ['merge_request'], projects: ['grp/app'] } });
    expect(matchWorkflows(triggers, [ok], { source: 'gitlab', event: 'merge_request', repo: 'grp/app' })).toEqual([ok]);
    expect(matchWorkflows(triggers, [ok], { source: 'gitlab', event: 'merge_request', repo: 'grp/other' })).toEqual([]);
    expect(matchWorkflows(triggers, [ok], { source: 'github', event: 'merge_request', repo: 'grp/app' })).toEqual([]);
    expect(problemsOf(yaml('name: mr', 'on:', '  gitlab: { events: push, project: x }', 'steps:', '  - uses: diff.analyze'), { triggers })).toEqual([
      `${FILE}:3:21: on.gitlab.events: use a list for push`,
      `${FILE}:3:27: unknown key 'project' in on.gitlab; did you mean projects?`,
    ]);
  });

  it('builds the schema again when a kind is registered after a workflow was validated', () => {
    const triggers = new TriggerKindRegistry().register(...builtinTriggerKinds());
    const text = yaml('name: mr', 'on: { gitlab: { events: [push] } }', 'steps:', '  - uses: diff.analyze');
    expect(problemsOf(text, { triggers })).toHaveLength(1);
    triggers.register(gitlabKind);
    expect(parseWorkflow(text, { triggers }).on).toEqual({ gitlab: { events: ['push'] } });
  });
});
