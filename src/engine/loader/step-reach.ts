import type { StepGraph } from './step-graph.js';

/**
 * "Does step `from` wait for step `to`, directly or through other steps?" for every expression that
 * reads another step, without walking the whole graph per question: a depth-first walk never enters a
 * step that a topological order puts before `to` (nothing there leads to `to`), and what each walk
 * learns about every step it passes is kept per target, so each step is walked once per step it reads.
 */
export function dependencyQuery(graph: StepGraph): (from: string, to: string) => boolean {
  const rank = topologicalRanks(graph);
  const leadsTo = new Map<string, Map<string, boolean>>();
  return (from, to) => {
    let known = leadsTo.get(to);
    if (!known) leadsTo.set(to, (known = new Map<string, boolean>()));
    const remembered = known.get(from);
    if (remembered !== undefined) return remembered;
    const floor = rank.get(to);
    const seen = new Set<string>([from]);
    const frames = [{ id: from, next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const dependencies = graph.byId.get(frame.id)?.dependencies ?? [];
      if (frame.next === dependencies.length) {
        frames.pop();
        // Followed to the end without meeting `to`. Final only outside cycles, where nothing still being
        // walked can be among its dependencies.
        if (rank.has(frame.id)) known.set(frame.id, false);
        continue;
      }
      const id = dependencies[frame.next++]!;
      if (id === to || known.get(id) === true) {
        // Every step on the way down leads to `to`.
        for (const { id: onPath } of frames) known.set(onPath, true);
        return true;
      }
      const order = rank.get(id);
      if (seen.has(id) || known.has(id) || (floor !== undefined && order !== undefined && order < floor)) continue;
      seen.add(id);
      frames.push({ id, next: 0 });
    }
    // The whole walk missed `to`, so did every step it saw, cycles included.
    for (const id of seen) known.set(id, false);
    return false;
  };
}

/** Kahn's algorithm: each step ranks after its dependencies. Steps on or behind a cycle get no rank. */
function topologicalRanks(graph: StepGraph): Map<string, number> {
  const waitingFor = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  const ready: string[] = [];
  for (const step of graph.byId.values()) {
    const dependencies = step.dependencies.filter((id) => graph.byId.has(id));
    waitingFor.set(step.id, dependencies.length);
    if (dependencies.length === 0) ready.push(step.id);
    for (const id of dependencies) {
      const list = dependents.get(id);
      if (list) list.push(step.id);
      else dependents.set(id, [step.id]);
    }
  }
  const rank = new Map<string, number>();
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head]!;
    rank.set(id, head);
    for (const dependent of dependents.get(id) ?? []) {
      const left = waitingFor.get(dependent)! - 1;
      waitingFor.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  return rank;
}
