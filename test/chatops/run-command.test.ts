import { describe, expect, it } from 'vitest';
import type { AccessDecision } from '../../src/chatops/access.js';
import { commandTable, type ChatCommand } from '../../src/chatops/command-table.js';
import { parseCommandText } from '../../src/chatops/grammar.js';
import type { ChatOutcome, SubmittedRun } from '../../src/chatops/outcome.js';
import { runChatCommand, type ChatCommandContext } from '../../src/chatops/run-command.js';
import { InputError } from '../../src/engine/inputs.js';
import type { Workflow } from '../../src/engine/workflow.js';
import { commandsFrom, workflow } from './workflows.js';

const STATUS: ChatCommand = { name: 'status', usage: 'status <run-id>', description: 'where a run is', workflows: [], builtin: true };

/** A chat surface made of fakes: it records what was said, submitted, logged and asked, in order. */
function surface(text: string, options: { decision?: AccessDecision; inputProblems?: string[]; matching?: SubmittedRun[] } = {}) {
  const said: string[] = [];
  const submitted: { workflow: string; explicit: Record<string, unknown> }[] = [];
  const logged: { message: string; data?: Record<string, unknown> }[] = [];
  const builtinCalls: string[][] = [];
  const workflows = [workflow('pr-review'), workflow('issue-triage')];
  const context: ChatCommandContext = {
    command: parseCommandText(text),
    user: 'U123',
    prefix: '/sdlc',
    access: {
      decide: (user, command) => {
        said.push(`access? ${user} ${command}`);
        return Promise.resolve(options.decision ?? { allowed: true });
      },
    },
    replies: {
      reply: (body) => Promise.resolve(void said.push(`reply: ${body}`)),
      privately: (body) => Promise.resolve(void said.push(`private: ${body}`)),
    },
    table: commandTable(workflows, commandsFrom({ 'pr-review': ['review'] }), [STATUS]),
    workflows,
    submit(w: Workflow, explicit) {
      if (options.inputProblems) return Promise.reject(new InputError(options.inputProblems));
      submitted.push({ workflow: w.name, explicit });
      return Promise.resolve({ workflow: w.name, runId: `run-${w.name}`, created: true });
    },
    builtins: {
      status: (args): Promise<ChatOutcome> => {
        builtinCalls.push(args);
        return Promise.resolve({ outcome: 'replied', reason: 'status', runs: [] });
      },
    },
    submitMatching: (command) => Promise.resolve(command.name === 'review' ? (options.matching ?? []) : []),
    accepted: () => Promise.resolve(void said.push('accepted')),
    signal: new AbortController().signal,
    log: { debug: () => {}, info: (message, data) => logged.push({ message, data }), warn: () => {}, error: () => {} },
  };
  return { context, said, submitted, logged, builtinCalls };
}

describe('running a chat command', () => {
  it('a refused user gets the refusal in public and nothing is accepted, answered or submitted', async () => {
    const s = surface('run pr-review', { decision: { allowed: false, reason: 'not-allowed', message: 'Sorry, not you.' } });
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'refused', reason: 'not-allowed', runs: [] });
    expect(s.said).toEqual(['access? U123 run', 'reply: Sorry, not you.']);
    expect(s.submitted).toEqual([]);
    expect(s.logged).toEqual([{ message: 'command refused', data: { command: 'run', sender: 'U123', reason: 'not-allowed' } }]);
  });

  it('a refused built-in is not dispatched', async () => {
    const s = surface('status r1', { decision: { allowed: false, reason: 'not-allowed', message: 'No.' } });
    await runChatCommand(s.context);
    expect(s.builtinCalls).toEqual([]);
  });

  it('help answers privately with the table and the workflows for run', async () => {
    const s = surface('');
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'replied', reason: 'help', runs: [] });
    expect(s.said.slice(0, 2)).toEqual(['access? U123 help', 'accepted']);
    expect(s.said[2]).toMatch(/^private: \*\*agentic-sdlc commands\*\*\n/);
    expect(s.said[2]).toContain('- `/sdlc status <run-id>`: where a run is');
    expect(s.said[2]).toContain('Workflows for `run`: `pr-review`, `issue-triage`');
  });

  it('an unknown command gets a private pointer to help with the command it was probably meant to be', async () => {
    const s = surface('reveiw acme/api#1');
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'replied', reason: 'unknown command', runs: [] });
    expect(s.said.at(-1)).toBe('private: No workflow here answers `/sdlc reveiw`. Did you mean `/sdlc review`? Try `/sdlc help`.');
    const far = surface('deploy');
    await runChatCommand(far.context);
    expect(far.said.at(-1)).toBe('private: No workflow here answers `/sdlc deploy`. Try `/sdlc help`.');
  });

  it('Object.prototype names typed as commands are unknown commands, not built-ins', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const s = surface(name);
      expect(await runChatCommand(s.context)).toEqual({ outcome: 'replied', reason: 'unknown command', runs: [] });
    }
  });

  it('a built-in of the surface gets its arguments', async () => {
    const s = surface('status run-42 extra');
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'replied', reason: 'status', runs: [] });
    expect(s.builtinCalls).toEqual([['run-42', 'extra']]);
  });

  it('a workflow command submits the workflows that answer it', async () => {
    const runs = [{ workflow: 'pr-review', runId: 'r1', created: true }];
    const s = surface('review', { matching: runs });
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'submitted', runs });
  });

  it('run <workflow> key=value submits with the pairs as inputs, a quoted value kept whole', async () => {
    const s = surface('run pr-review focus="security only" max=3 max=5');
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'submitted', runs: [{ workflow: 'pr-review', runId: 'run-pr-review', created: true }] });
    expect(s.submitted).toEqual([{ workflow: 'pr-review', explicit: { focus: 'security only', max: '5' } }]);
  });

  it('a __proto__=x pair is an ordinary input the engine can reject, not a prototype', async () => {
    const s = surface('run pr-review __proto__=x');
    await runChatCommand(s.context);
    expect(Object.keys(s.submitted[0]!.explicit)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(s.submitted[0]!.explicit)).toBe(Object.prototype);
  });

  it('run with an argument that is not key=value explains the usage and submits nothing', async () => {
    const s = surface('run pr-review colour');
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'replied', reason: 'bad argument', runs: [] });
    expect(s.said.at(-1)).toBe('private: `colour` is not `key=value`. Usage: `/sdlc run pr-review [key=value ...]`.');
    expect(s.submitted).toEqual([]);
  });

  it('run without a workflow, or with an unknown one, lists the workflows', async () => {
    const none = surface('run');
    expect(await runChatCommand(none.context)).toEqual({ outcome: 'replied', reason: 'unknown workflow', runs: [] });
    expect(none.said.at(-1)).toBe('private: Which workflow? Usage: `/sdlc run <workflow> [key=value ...]`; workflows: `pr-review`, `issue-triage`.');
    const unknown = surface('run deploy');
    await runChatCommand(unknown.context);
    expect(unknown.said.at(-1)).toBe('private: There is no workflow `deploy` here. Usage: `/sdlc run <workflow> [key=value ...]`; workflows: `pr-review`, `issue-triage`.');
  });

  it('inputs the workflow rejects are listed, one problem a line', async () => {
    const s = surface('run pr-review colour=blue', { inputProblems: ["unknown input 'colour' for workflow pr-review", "input 'diff' is required"] });
    expect(await runChatCommand(s.context)).toEqual({ outcome: 'replied', reason: 'bad inputs', runs: [] });
    expect(s.said.at(-1)).toBe("private: Cannot run `pr-review`:\n\n- unknown input 'colour' for workflow pr-review\n- input 'diff' is required");
  });

  it('a failure other than bad inputs is thrown, so the step fails and retries instead of answering', async () => {
    const s = surface('run pr-review');
    s.context.submit = () => Promise.reject(new Error('store unavailable'));
    await expect(runChatCommand(s.context)).rejects.toThrow('store unavailable');
    expect(s.said).toEqual(['access? U123 run', 'accepted']);
  });
});
