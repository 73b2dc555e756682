import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { ActionRegistry } from '../action.js';
import { builtinTriggerKinds, TriggerKindRegistry } from '../trigger-kind.js';
import type { Workflow } from '../workflow.js';
import { checkActions } from './check-actions.js';
import { checkExpressions } from './check-expressions.js';
import { checkFields } from './check-fields.js';
import { WorkflowValidationError, type WorkflowProblem } from './errors.js';
import { isRecord, type Finding } from './finding.js';
import { normalizeWorkflow } from './normalize.js';
import { SourcePositions } from './positions.js';
import { PROTOTYPE_KEY, prototypeKeyOffsets } from './reserved-names.js';
import { workflowSchemaFor } from './schema.js';
import { buildStepGraph, checkStepGraph } from './step-graph.js';
import { issuesToFindings } from './zod-issues.js';

export interface LoadOptions {
  /** Shown in problems and kept on the workflow (`workflows/pr-review.yml`). */
  file?: string;
  /** When given, `uses` must name one of its actions and `with` keys must be that action's inputs. */
  actions?: ActionRegistry;
  /**
   * The trigger kinds an `on:` block may name, each validating its own block; a key none of them claims is
   * an error. Absent: only the engine's own kinds (`manual`, `api`). The composition root passes every kind
   * it registers (`github`, `slack`, `jenkins`, …).
   */
  triggers?: TriggerKindRegistry;
}

const engineKinds = new TriggerKindRegistry().register(...builtinTriggerKinds());

const DEFAULT_FILE = '<workflow>';

/**
 * Parses and checks a workflow file. Throws `WorkflowValidationError` listing every problem found,
 * each at its file:line:col. YAML syntax errors stop there: the rest of a broken document cannot be
 * trusted to be where the user meant it.
 */
export function parseWorkflow(text: string, options: LoadOptions = {}): Workflow {
  const result = analyzeWorkflow(text, options);
  if (!result.workflow) throw new WorkflowValidationError(result.problems);
  return result.workflow;
}

export async function loadWorkflowFile(path: string, options: Omit<LoadOptions, 'file'> = {}): Promise<Workflow> {
  return parseWorkflow(await readFile(path, 'utf8'), { ...options, file: path });
}

/**
 * Loads every `*.yml`/`*.yaml` in `dir` (not recursively), in name order. A file with problems is
 * left out and its problems returned, so one broken workflow does not take the others down. Two
 * files declaring the same workflow name is a problem reported at the second.
 */
export async function loadWorkflowDir(
  dir: string,
  options: Omit<LoadOptions, 'file'> = {},
): Promise<{ workflows: Workflow[]; problems: WorkflowProblem[] }> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const workflows: Workflow[] = [];
  const problems: WorkflowProblem[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const result = analyzeWorkflow(await readFile(file, 'utf8'), { ...options, file });
    problems.push(...result.problems);
    if (!result.workflow) continue;
    const first = seen.get(result.workflow.name);
    if (first !== undefined) {
      problems.push({ file, ...result.positions.locate(['name'], 'value'), message: `workflow name '${result.workflow.name}' is already used by ${first}` });
      continue;
    }
    seen.set(result.workflow.name, file);
    workflows.push(result.workflow);
  }
  return { workflows, problems };
}

interface Analysis {
  workflow: Workflow | undefined;
  problems: WorkflowProblem[];
  positions: SourcePositions;
}

function analyzeWorkflow(text: string, options: LoadOptions): Analysis {
  const file = options.file ?? DEFAULT_FILE;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const positions = new SourcePositions(text, doc, lineCounter);
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => ({ file, ...positions.at(error.pos[0]), message: yamlMessage(error) }));
    return { workflow: undefined, problems: sortProblems(problems), positions };
  }
  const prototypeKeys = prototypeKeyOffsets(doc);
  if (prototypeKeys.length > 0) {
    // Checked before the document becomes objects, where such a key would set a prototype.
    const message = `key '${PROTOTYPE_KEY}' is not allowed: it would replace a JavaScript object's prototype; rename or remove it`;
    return { workflow: undefined, problems: prototypeKeys.map((offset) => ({ file, ...positions.at(offset), message })), positions };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolvable aliases and alias bombs only surface when the document is turned into values.
    return { workflow: undefined, problems: aliasProblems(doc, positions, file, error), positions };
  }
  const kinds = options.triggers ?? engineKinds;
  const schema = workflowSchemaFor(kinds);
  const parsed = schema.safeParse(raw);
  const findings: Finding[] = [];
  if (!parsed.success) findings.push(...issuesToFindings(parsed.error.issues, { root: raw, schema, ownMessages: true }));
  const rawSteps = isRecord(raw) ? raw.steps : undefined;
  const graph = buildStepGraph(rawSteps);
  findings.push(...checkFields(raw, kinds), ...checkStepGraph(graph), ...checkExpressions(raw, graph));
  if (options.actions) findings.push(...checkActions(rawSteps, options.actions));
  const problems = sortProblems(
    findings.map((finding) => ({
      file,
      ...(finding.offset === undefined ? positions.locate(finding.path, finding.anchor ?? 'value') : positions.locateInString(finding.path, finding.offset)),
      message: finding.message,
    })),
  );
  if (problems.length > 0 || !parsed.success) return { workflow: undefined, problems, positions };
  return { workflow: normalizeWorkflow(parsed.data, kinds, options.file), problems, positions };
}

/** `yaml` messages sometimes end with a source excerpt or name its API; the position already says where. */
function yamlMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return "a workflow file holds one YAML document; move what follows '---' to its own file";
  return error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function aliasProblems(doc: Document, positions: SourcePositions, file: string, error: unknown): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) {
        problems.push({ file, ...positions.at(alias.range?.[0] ?? 0), message: `alias *${alias.source} has no anchor &${alias.source} before it` });
      }
    },
  });
  if (problems.length > 0) return problems;
  return [{ file, line: 1, col: 1, message: error instanceof Error ? error.message : String(error) }];
}

function sortProblems(problems: WorkflowProblem[]): WorkflowProblem[] {
  const unique = new Map<string, WorkflowProblem>();
  for (const problem of problems) unique.set(`${problem.line}:${problem.col}:${problem.message}`, problem);
  return [...unique.values()].sort((a, b) => a.line - b.line || a.col - b.col);
}
