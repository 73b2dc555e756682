import { didYouMean } from '../suggest.js';
import { isRecord, type Finding } from './finding.js';
import type { ValuePath } from './positions.js';

/**
 * The steps of a workflow as a dependency graph, built from the raw YAML so it can be checked even
 * when other parts of the file are invalid (all problems are reported at once).
 */
export interface StepNode {
  index: number;
  id: string;
  /** The `uses` string, when it is one. */
  uses: string | undefined;
  /** `needs` as written, each entry with its path; undefined when the step has no `needs` key. */
  needs: Array<{ id: string; path: ValuePath }> | undefined;
  /** What the step waits for: its `needs` that name other existing steps, or the previous step when `needs` is absent. */
  dependencies: string[];
}

export interface StepGraph {
  steps: StepNode[];
  byId: Map<string, StepNode>;
}

/**
 * Step ids: the explicit `id`, or one derived from `uses` (`diff.analyze` → `diff-analyze`),
 * made unique with `-2`, `-3` and never taking an id another step declares.
 */
export function assignStepIds(steps: readonly unknown[]): string[] {
  const explicit = steps.map((step) => (isRecord(step) && typeof step.id === 'string' ? step.id : undefined));
  const used = new Set(explicit.filter((id): id is string => id !== undefined));
  return steps.map((step, index) => {
    const id = explicit[index];
    if (id !== undefined) return id;
    const uses = isRecord(step) && typeof step.uses === 'string' ? step.uses : '';
    let base = uses.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
    if (!/^[A-Za-z_]/.test(base)) base = base ? `step-${base}` : `step-${index + 1}`;
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`;
    used.add(candidate);
    return candidate;
  });
}

export function buildStepGraph(rawSteps: unknown): StepGraph {
  const list = Array.isArray(rawSteps) ? (rawSteps as unknown[]) : [];
  const ids = assignStepIds(list);
  const byId = new Map<string, StepNode>();
  const steps = list.map((raw, index): StepNode => {
    const step = isRecord(raw) ? raw : {};
    const needs = needsOf(step.needs, index);
    const node: StepNode = {
      index,
      id: ids[index] ?? `step-${index + 1}`,
      uses: typeof step.uses === 'string' ? step.uses : undefined,
      needs,
      dependencies: [],
    };
    if (!byId.has(node.id)) byId.set(node.id, node);
    return node;
  });
  for (const step of steps) {
    if (step.needs === undefined) {
      const previous = steps[step.index - 1];
      step.dependencies = previous ? [previous.id] : [];
    } else {
      step.dependencies = [...new Set(step.needs.map((need) => need.id))].filter((id) => id !== step.id && byId.has(id));
    }
  }
  return { steps, byId };
}

function needsOf(value: unknown, index: number): StepNode['needs'] {
  const path = ['steps', index, 'needs'];
  if (typeof value === 'string') return [{ id: value, path }];
  if (Array.isArray(value)) {
    return value.flatMap((entry, i) => (typeof entry === 'string' ? [{ id: entry, path: [...path, i] }] : []));
  }
  // Absent, or not a string list (the schema reports that): the implicit previous-step dependency.
  return undefined;
}

/** Duplicate ids, `needs` naming missing steps or the step itself, and dependency cycles. */
export function checkStepGraph(graph: StepGraph): Finding[] {
  const findings: Finding[] = [];
  const firstIndex = new Map<string, number>();
  for (const step of graph.steps) {
    const first = firstIndex.get(step.id);
    if (first === undefined) firstIndex.set(step.id, step.index);
    else findings.push({ path: ['steps', step.index, 'id'], message: `duplicate step id '${step.id}'; steps[${first}] already uses it` });
  }
  const ids = graph.steps.map((step) => step.id);
  for (const step of graph.steps) {
    for (const need of step.needs ?? []) {
      if (need.id === step.id) {
        findings.push({ path: need.path, message: `step '${step.id}' needs itself` });
      } else if (!graph.byId.has(need.id)) {
        const suggestion = didYouMean(need.id, ids);
        findings.push({
          path: need.path,
          message: `step '${step.id}' needs '${need.id}', which is not a step${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        });
      }
    }
  }
  for (const cycle of findCycles(graph)) {
    // Implicit edges point backwards, so a cycle has at least one explicit `needs` entry to point at.
    let at: ValuePath = ['steps', cycle[0]!.index];
    for (let i = 0; i < cycle.length; i++) {
      const from = cycle[i]!;
      const to = cycle[(i + 1) % cycle.length]!;
      const entry = from.needs?.find((need) => need.id === to.id);
      if (entry) {
        at = entry.path;
        break;
      }
    }
    findings.push({ path: at, message: `needs form a cycle: ${[...cycle, cycle[0]!].map((step) => step.id).join(' → ')}` });
  }
  return findings;
}

/** One cycle per strongly connected component, starting at its earliest step. */
export function findCycles(graph: StepGraph): StepNode[][] {
  const cycles: StepNode[][] = [];
  for (const component of stronglyConnected(graph)) {
    if (component.length < 2) continue;
    const members = new Set(component.map((step) => step.id));
    const start = component.reduce((a, b) => (a.index <= b.index ? a : b));
    // Shortest way from `start` back to itself inside the component.
    const previous = new Map<string, StepNode>();
    const queue: StepNode[] = [start];
    let closing: StepNode | undefined;
    while (queue.length > 0 && !closing) {
      const step = queue.shift()!;
      for (const id of step.dependencies) {
        if (!members.has(id)) continue;
        const next = graph.byId.get(id)!;
        if (next === start) {
          closing = step;
          break;
        }
        if (!previous.has(id)) {
          previous.set(id, step);
          queue.push(next);
        }
      }
    }
    if (!closing) continue;
    const cycle: StepNode[] = [];
    for (let step: StepNode | undefined = closing; step && step !== start; step = previous.get(step.id)) cycle.unshift(step);
    cycles.push([start, ...cycle]);
  }
  return cycles.sort((a, b) => a[0]!.index - b[0]!.index);
}

function stronglyConnected(graph: StepGraph): StepNode[][] {
  // Tarjan's algorithm; workflows are small, recursion depth is the number of steps.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: StepNode[] = [];
  const components: StepNode[][] = [];
  const visit = (step: StepNode): void => {
    index.set(step.id, counter);
    low.set(step.id, counter);
    counter++;
    stack.push(step);
    onStack.add(step.id);
    for (const id of step.dependencies) {
      const next = graph.byId.get(id);
      if (!next) continue;
      if (!index.has(id)) {
        visit(next);
        low.set(step.id, Math.min(low.get(step.id)!, low.get(id)!));
      } else if (onStack.has(id)) {
        low.set(step.id, Math.min(low.get(step.id)!, index.get(id)!));
      }
    }
    if (low.get(step.id) === index.get(step.id)) {
      const component: StepNode[] = [];
      let member: StepNode | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member.id);
        component.push(member);
      } while (member !== step);
      components.push(component);
    }
  };
  for (const step of graph.byId.values()) if (!index.has(step.id)) visit(step);
  return components;
}

/** Every step `id` waits for, directly or through other steps. */
export function transitiveDependencies(graph: StepGraph, id: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...(graph.byId.get(id)?.dependencies ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(graph.byId.get(next)?.dependencies ?? []));
  }
  return seen;
}
