import type { StepSpec } from './workflow.js';

/**
 * Which steps of a run may start next: those whose `needs` have all finished, in workflow order. Each
 * step's unmet needs are counted once and counted down as steps finish, so a run of thousands of steps
 * costs time linear in its steps and needs, not a scan of every waiting step each time one finishes.
 */
export class StepSchedule {
  private readonly order = new Map<string, number>();
  private readonly unmet = new Map<string, number>();
  private readonly dependents = new Map<string, StepSpec[]>();
  /** Steps free to start, sorted by their place in the workflow. */
  private readonly ready: StepSpec[] = [];

  /** `finished`: steps already done (a resumed run), which are not scheduled again. */
  constructor(steps: readonly StepSpec[], finished: { has(id: string): boolean }) {
    steps.forEach((step, i) => this.order.set(step.id, i));
    for (const step of steps) {
      if (finished.has(step.id)) continue;
      const open = step.needs.filter((id) => !finished.has(id));
      this.unmet.set(step.id, open.length);
      for (const id of open) {
        const list = this.dependents.get(id);
        if (list) list.push(step);
        else this.dependents.set(id, [step]);
      }
      if (open.length === 0) this.ready.push(step);
    }
  }

  /** The first step, in workflow order, that may start now; it is handed out once. */
  take(): StepSpec | undefined {
    return this.ready.shift();
  }

  /** Records that a step finished, freeing the steps that were waiting only for it. */
  finish(id: string): void {
    for (const step of this.dependents.get(id) ?? []) {
      const left = this.unmet.get(step.id)! - 1;
      this.unmet.set(step.id, left);
      if (left === 0) this.insert(step);
    }
  }

  private insert(step: StepSpec): void {
    const rank = this.order.get(step.id)!;
    let low = 0;
    let high = this.ready.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.order.get(this.ready[mid]!.id)! < rank) low = mid + 1;
      else high = mid;
    }
    this.ready.splice(low, 0, step);
  }
}
