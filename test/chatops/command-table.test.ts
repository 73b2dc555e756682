import { describe, expect, it } from 'vitest';
import { commandTable, suggestCommand, type ChatCommand } from '../../src/chatops/command-table.js';
import { commandsFrom, workflow } from './workflows.js';

const STATUS: ChatCommand = { name: 'status', usage: 'status <run-id>', description: 'where a run is', workflows: [], builtin: true };
const workflows = [workflow('pr-review'), workflow('issue-triage'), workflow('nightly')];
const surface = commandsFrom({ 'pr-review': ['review', 'check'], 'issue-triage': ['triage', 'review'], nightly: [] });

describe('the command table', () => {
  it('lists help and run, then the surface built-ins, then workflow commands sorted, each with the workflows it runs', () => {
    const table = commandTable(workflows, surface, [STATUS]);
    expect(table.map((command) => [command.name, command.usage, command.workflows])).toEqual([
      ['help', 'help', []],
      ['run', 'run <workflow> [key=value ...]', []],
      ['status', 'status <run-id>', []],
      ['check', 'check', ['pr-review']],
      ['review', 'review', ['pr-review', 'issue-triage']],
      ['triage', 'triage', ['issue-triage']],
    ]);
    expect(table.find((command) => command.name === 'review')).toMatchObject({ builtin: false, description: 'runs pr-review, issue-triage' });
  });

  it('a workflow command a built-in shadows is not offered, since it could never run', () => {
    const table = commandTable([workflow('w')], commandsFrom({ w: ['status', 'help', 'go'] }), [STATUS]);
    expect(table.map((command) => command.name)).toEqual(['help', 'run', 'status', 'go']);
  });

  it('another surface reads other commands from the same workflows', () => {
    const table = commandTable(workflows, commandsFrom({ nightly: ['deploy'] }), []);
    expect(table.map((command) => command.name)).toEqual(['help', 'run', 'deploy']);
  });

  it('suggests the command a typo was probably meant to be, and nothing for a different word', () => {
    const table = commandTable(workflows, surface, [STATUS]);
    expect(suggestCommand('reveiw', table)).toBe('review');
    expect(suggestCommand('STATSU', table)).toBe('status');
    expect(suggestCommand('deploy', table)).toBeUndefined();
  });
});
