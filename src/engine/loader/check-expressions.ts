// `children` is not re-exported from the expressions index; it belongs to the AST definition.
import { children } from '../expressions/ast.js';
import {
  compileCondition,
  ExpressionError,
  parseTemplate,
  referencedSteps,
  type ExprNode,
} from '../expressions/index.js';
import { didYouMean } from '../suggest.js';
import { isRecord, type Finding } from './finding.js';
import type { ValuePath } from './positions.js';
import type { StepGraph } from './step-graph.js';
import { dependencyQuery } from './step-reach.js';

/** Who evaluates an expression decides which steps it may read. */
type Reader =
  /** A step's `if`/`with`: only the steps it (transitively) needs have run. */
  | { kind: 'step'; id: string }
  /** Workflow outputs are evaluated after the run: any step. */
  | { kind: 'outputs' }
  /** `concurrency` is evaluated before any step runs. */
  | { kind: 'concurrency' }
  /** Workflow `env`: whatever exists; the runner decides when it is read. */
  | { kind: 'env' };

interface Site {
  path: ValuePath;
  text: string;
  condition: boolean;
  reader: Reader;
}

export function containsExpression(value: unknown): boolean {
  return stringsIn(value, []).some(({ text }) => text.includes('${{'));
}

/**
 * Parses every expression in the workflow (step `if` and `with`, workflow `env`, `concurrency` and
 * `outputs`) and checks what it reads: `steps.<id>` must be a step the reader can see, and
 * `inputs.<name>` a declared input. Syntax and unknown-context errors keep the expression parser's
 * message and point at the offending character inside the YAML string.
 */
export function checkExpressions(raw: unknown, graph: StepGraph): Finding[] {
  if (!isRecord(raw)) return [];
  const declaredInputs = new Names(isRecord(raw.inputs) ? Object.keys(raw.inputs) : []);
  const steps: StepNames = { names: new Names(graph.steps.map((step) => step.id)), graph, dependsOn: dependencyQuery(graph) };
  const findings: Finding[] = [];
  for (const site of sitesOf(raw, graph)) {
    let nodes: ExprNode[];
    try {
      nodes = site.condition ? [compileCondition(site.text).expression] : expressionNodes(site.text);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      findings.push({ path: site.path, offset: error.offset, message: error.message });
      continue;
    }
    for (const node of nodes) {
      findings.push(...checkStepReads(site, node, steps), ...checkInputReads(site, node, declaredInputs));
    }
  }
  return findings;
}

function sitesOf(raw: Record<string, unknown>, graph: StepGraph): Site[] {
  const sites: Site[] = [];
  const add = (value: unknown, path: ValuePath, reader: Reader) => {
    for (const found of stringsIn(value, path)) if (found.text.includes('${{')) sites.push({ ...found, condition: false, reader });
  };
  if (Array.isArray(raw.steps)) {
    raw.steps.forEach((step, index) => {
      if (!isRecord(step)) return;
      const reader: Reader = { kind: 'step', id: graph.steps[index]?.id ?? '' };
      if (typeof step.if === 'string') sites.push({ path: ['steps', index, 'if'], text: step.if, condition: true, reader });
      add(step.with, ['steps', index, 'with'], reader);
    });
  }
  add(raw.env, ['env'], { kind: 'env' });
  add(isRecord(raw.concurrency) ? raw.concurrency.group : raw.concurrency, isRecord(raw.concurrency) ? ['concurrency', 'group'] : ['concurrency'], {
    kind: 'concurrency',
  });
  add(raw.outputs, ['outputs'], { kind: 'outputs' });
  return sites;
}

function expressionNodes(text: string): ExprNode[] {
  return parseTemplate(text).parts.flatMap((part) => (part.kind === 'expression' ? [part.node] : []));
}

interface StepNames {
  names: Names;
  graph: StepGraph;
  dependsOn: (from: string, to: string) => boolean;
}

function checkStepReads(site: Site, node: ExprNode, { names, graph, dependsOn }: StepNames): Finding[] {
  const findings: Finding[] = [];
  for (const read of referencedSteps(node)) {
    const at = { path: site.path, offset: read.offset };
    const target = names.resolve(read.id);
    const reader = site.reader;
    if (reader.kind === 'concurrency') {
      findings.push({ ...at, message: `concurrency is decided before any step runs, so it cannot read steps.${read.id}` });
    } else if (target === undefined) {
      const suggestion = didYouMean(read.id, names.all);
      const who = reader.kind === 'step' ? `step '${reader.id}'` : reader.kind === 'outputs' ? 'workflow outputs' : 'env';
      findings.push({ ...at, message: `${who} reads steps.${read.id}, which is not a step${suggestion ? `; did you mean ${suggestion}?` : ''}` });
    } else if (reader.kind === 'step' && target === reader.id) {
      findings.push({ ...at, message: `step '${reader.id}' reads its own outputs (steps.${read.id}); a step can only read steps it needs` });
    } else if (reader.kind === 'step' && !dependsOn(reader.id, target)) {
      const needs = [...(graph.byId.get(reader.id)?.dependencies ?? []), target];
      findings.push({
        ...at,
        message: `step '${reader.id}' reads steps.${read.id} but does not need it; add needs: [${needs.join(', ')}]`,
      });
    }
  }
  return findings;
}

function checkInputReads(site: Site, node: ExprNode, declared: Names): Finding[] {
  const findings: Finding[] = [];
  for (const read of referencedInputs(node)) {
    if (declared.resolve(read.name) !== undefined) continue;
    const suggestion = didYouMean(read.name, declared.all);
    findings.push({
      path: site.path,
      offset: read.offset,
      message: `inputs.${read.name} is not declared${suggestion ? `; did you mean ${suggestion}?` : '; declare it under inputs:'}`,
    });
  }
  return findings;
}

/** Inputs read as `inputs.<name>` or `inputs['<name>']`. */
function referencedInputs(root: ExprNode): Array<{ name: string; offset: number }> {
  const found: Array<{ name: string; offset: number }> = [];
  const visit = (node: ExprNode): void => {
    if (node.kind === 'property' && isContext(node.object, 'inputs')) found.push({ name: node.name, offset: node.offset });
    if (node.kind === 'index' && isContext(node.object, 'inputs') && node.index.kind === 'literal' && typeof node.index.value === 'string') {
      found.push({ name: node.index.value, offset: node.index.offset });
    }
    children(node).forEach(visit);
  };
  visit(root);
  return found;
}

function isContext(node: ExprNode, name: string): boolean {
  return node.kind === 'context' && node.name === name;
}

/**
 * Step ids or input names, looked up as expressions read object keys: exactly, else case-insensitively
 * (the first match, in order). Indexed once, so a workflow of thousands of steps is not searched per read.
 */
class Names {
  private readonly exact: Set<string>;
  private readonly folded = new Map<string, string>();

  constructor(readonly all: readonly string[]) {
    this.exact = new Set(all);
    for (const name of all) {
      const lower = name.toLowerCase();
      if (!this.folded.has(lower)) this.folded.set(lower, name);
    }
  }

  resolve(name: string): string | undefined {
    return this.exact.has(name) ? name : this.folded.get(name.toLowerCase());
  }
}

/** Every string inside a YAML value, with its path; shared YAML anchors are visited once per path, cycles not at all. */
function stringsIn(value: unknown, path: ValuePath, ancestors = new Set<object>()): Array<{ path: ValuePath; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (value === null || typeof value !== 'object' || ancestors.has(value)) return [];
  ancestors.add(value);
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  const found = entries.flatMap(([key, item]) => stringsIn(item, [...path, key], ancestors));
  ancestors.delete(value);
  return found;
}
