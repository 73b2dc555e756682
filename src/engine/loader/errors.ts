/** A mistake in a workflow file, located for the user. `line` and `col` are 1-based. */
export interface WorkflowProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatProblem(problem: WorkflowProblem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.message}`;
}

/** Thrown by the loader with every problem it found in a workflow, not just the first. */
export class WorkflowValidationError extends Error {
  readonly problems: WorkflowProblem[];

  constructor(problems: WorkflowProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'WorkflowValidationError';
    this.problems = problems;
  }
}
