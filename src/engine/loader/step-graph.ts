import { didYouMean } from '../suggest.js';
import { isRecord, type Finding } from './finding.js';
import type { ValuePath } from './positions.js';
import { isReservedName } from './reserved-names.js';

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
  // The next suffix to try per base, so 6,000 steps using one action do not each count up from -2.
  const nextSuffix = new Map<string, number>();
  return steps.map((step, index) => {
    const id = explicit[index];
    if (id !== undefined) return id;
    const uses = isRecord(step) && typeof step.uses === 'string' ? step.uses : '';
    let base = uses.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
    if (!/^[A-Za-z_]/.test(base) || isReservedName(base)) base = base ? `step-${base}` : `step-${index + 1}`;
    let candidate = base;
    let n = nextSuffix.get(base) ?? 2;
    while (used.has(candidate)) candidate = `${base}-${n++}`;
    nextSuffix.set(base, n);
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
    findings.push({ path: at, message: `needs form a cycle: ${describeCycle(cycle)}` });
  }
  return findings;
}

const CYCLE_SHOWN = 8;

/** `a → b → c → a`; a long cycle shows its first and last steps and how many are left out. */
function describeCycle(cycle: readonly StepNode[]): string {
  const ids = [...cycle, cycle[0]!].map((step) => step.id);
  if (ids.length <= CYCLE_SHOWN * 2) return ids.join(' → ');
  const left = ids.length - CYCLE_SHOWN * 2;
  return [...ids.slice(0, CYCLE_SHOWN), `… ${left} more steps …`, ...ids.slice(-CYCLE_SHOWN)].join(' → ');
}

/** One cycle per strongly connected component, starting at its earliest step. */
export function findCycles(graph: StepGraph): StepNode[][] {
  const cycles: StepNode[][] = [];
  for (const component of stronglyConnected(graph)) {
    if (component.length < 2) continue;
    const members = new Set(component.map((step) => step.id));
    const start = component.reduce((a, b) => (a.index <= b.index ? a : b));
    // Shortest way from `start` back to itself inside the component (breadth-first; `head` avoids shift()).
    const previous = new Map<string, StepNode>();
    const queue: StepNode[] = [start];
    let closing: StepNode | undefined;
    for (let head = 0; head < queue.length && !closing; head++) {
      const step = queue[head]!;
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
    for (let step: StepNode | undefined = closing; step && step !== start; step = previous.get(step.id)) cycle.push(step);
    cycles.push([start, ...cycle.reverse()]);
  }
  return cycles.sort((a, b) => a[0]!.index - b[0]!.index);
}

/**
 * Tarjan's algorithm with an explicit stack: a workflow of thousands of steps must not exhaust the call
 * stack. Each frame remembers how far through its step's dependencies it has got.
 */
function stronglyConnected(graph: StepGraph): StepNode[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: StepNode[] = [];
  const components: StepNode[][] = [];
  const enter = (step: StepNode): { step: StepNode; next: number } => {
    index.set(step.id, counter);
    low.set(step.id, counter);
    counter++;
    stack.push(step);
    onStack.add(step.id);
    return { step, next: 0 };
  };
  for (const root of graph.byId.values()) {
    if (index.has(root.id)) continue;
    const frames = [enter(root)];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const { step } = frame;
      if (frame.next < step.dependencies.length) {
        const id = step.dependencies[frame.next++]!;
        const next = graph.byId.get(id);
        if (!next) continue;
        if (!index.has(id)) frames.push(enter(next));
        else if (onStack.has(id)) low.set(step.id, Math.min(low.get(step.id)!, index.get(id)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.step.id, Math.min(low.get(parent.step.id)!, low.get(step.id)!));
      if (low.get(step.id) === index.get(step.id)) {
        const component: StepNode[] = [];
        let member: StepNode;
        do {
          member = stack.pop()!;
          onStack.delete(member.id);
          component.push(member);
        } while (member !== step);
        components.push(component);
      }
    }
  }
  return components;
}
