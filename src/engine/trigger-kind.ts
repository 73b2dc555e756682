import { z } from 'zod';
import type { Finding } from './loader/finding.js';
import { didYouMean } from './suggest.js';
import type { TriggerEvent } from './trigger-event.js';

export type { Finding } from './loader/finding.js';

/** What a kind's `check` sees besides its own block. */
export interface TriggerCheckContext {
  /** The whole workflow file as parsed YAML (read it defensively: other checks may have failed). */
  workflow: Record<string, unknown>;
}

/**
 * One kind of trigger a workflow's `on:` may name (`github`, `slack`, `manual`, ...): the schema of its
 * block, how the block becomes the filter the engine keeps on `Workflow.on[name]`, and whether an event
 * of this kind (`event.source === name`) matches that filter. The engine knows no kind by name but its
 * own (`manual`, `api`); integrations bring theirs and the composition root registers them.
 */
export interface TriggerKindDefinition<Raw = unknown, Filter = unknown> {
  /** The key under `on:` and the `source` of the events it matches. */
  name: string;
  description: string;
  /** The block under `on.<name>` as users write it. Messages follow the field path ("must be …"). */
  on: z.ZodType<Raw>;
  /**
   * The validated block (defaults applied) → the filter kept on the workflow. `undefined` leaves the trigger
   * off (`api: false`). Absent: the block itself.
   */
  normalize?(block: Raw): Filter | undefined;
  /** Whether an event of this kind starts a workflow whose `on.<name>` is `filter`. */
  matches(filter: Filter, event: TriggerEvent): boolean;
  /**
   * Rules the schema cannot express, on the raw block (it may be invalid). Finding paths are relative to
   * the block; the loader puts them under `on.<name>`.
   */
  check?(block: unknown, context: TriggerCheckContext): Finding[];
}

/** Identity function that gives a kind's `normalize` and `matches` the types of its schema and filter. */
export function defineTriggerKind<Raw, Filter = Raw>(definition: TriggerKindDefinition<Raw, Filter>): TriggerKindDefinition<Raw, Filter> {
  return definition;
}

// The registry keeps kinds of many block/filter types side by side; the schemas keep them honest at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTriggerKind = TriggerKindDefinition<any, any>;

const KIND_NAME = /^[a-z][a-z0-9_-]*$/;

export class TriggerKindRegistry {
  private readonly kinds = new Map<string, AnyTriggerKind>();
  private changes = 0;

  register(...kinds: AnyTriggerKind[]): this {
    for (const kind of kinds) {
      if (!KIND_NAME.test(kind.name)) throw new Error(`trigger kind name '${kind.name}' must be lowercase letters, digits, - or _`);
      if (this.kinds.has(kind.name)) throw new Error(`trigger kind ${kind.name} is registered twice`);
      this.kinds.set(kind.name, kind);
      this.changes++;
    }
    return this;
  }

  get(name: string): AnyTriggerKind | undefined {
    return this.kinds.get(name);
  }

  has(name: string): boolean {
    return this.kinds.has(name);
  }

  /** In registration order, which is the order of `on:` keys in the JSON Schema. */
  list(): AnyTriggerKind[] {
    return [...this.kinds.values()];
  }

  names(): string[] {
    return [...this.kinds.keys()].sort();
  }

  /** Changes with every registration, so a schema built from the kinds knows when it is stale. */
  get version(): number {
    return this.changes;
  }
}

/** A field that takes one string or a list of them, as workflow files write filters (`types: opened`). */
export const stringList = (description: string) =>
  z.union([z.string(), z.array(z.string())]).meta({ description: `${description} A single string or a list.` });

/** `'a'` → `['a']`: the list form of a `stringList` field. */
export function toList(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

const toggle = (description: string): z.ZodType<boolean | Record<string, never> | null> =>
  z.union([z.boolean(), z.strictObject({}).nullable()]).meta({ description: `${description} \`true\` or \`{}\`.` });

/** `api: true`, `api: {}` and a bare `api:` all enable a toggle; only `false` leaves it off. */
const enabled = (block: unknown): true | undefined => (block === false ? undefined : true);

/** Runs started through the REST API. */
export const apiTriggerKind = defineTriggerKind<boolean | Record<string, never> | null, true>({
  name: 'api',
  description: 'Runs started through the REST API.',
  on: toggle('Allow runs started through the REST API.'),
  normalize: enabled,
  matches: () => true,
});

/** `true`, or the inputs a run started by hand (no trigger event) must be given. */
export type ManualTrigger = true | { required: string[] };

const manualSchema = z.union([
  toggle('Allow runs started from the CLI or dashboard.'),
  z
    .strictObject({
      required: stringList(
        'Inputs a run started by hand (no trigger event) must be given, like `workflow_dispatch` inputs with `required: true`: an input that a trigger supplies some other way (a diff fetched from the pull request) is required only here.',
      ),
    })
    .meta({ description: 'Allow runs started from the CLI or dashboard, with inputs they must give.' }),
]);

/** Runs started by hand: the CLI's `run` (which also runs workflows by name, regardless of `on`), the dashboard. */
export const manualTriggerKind = defineTriggerKind<z.output<typeof manualSchema>, ManualTrigger>({
  name: 'manual',
  description: 'Runs started by hand, from the CLI or the dashboard.',
  on: manualSchema,
  normalize: (block) => {
    if (block === false) return undefined;
    if (block !== null && typeof block === 'object' && 'required' in block) {
      return { required: toList(block.required) };
    }
    return true;
  },
  matches: () => true,
  check: (block, { workflow }) => checkManualRequired(block, workflow.inputs),
});

/** `on.manual.required` names declared inputs. */
function checkManualRequired(block: unknown, inputs: unknown): Finding[] {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) return [];
  const required = (block as Record<string, unknown>).required;
  const declared = inputs !== null && typeof inputs === 'object' && !Array.isArray(inputs) ? Object.keys(inputs) : [];
  const entries: Array<[unknown, Finding['path']]> =
    typeof required === 'string' ? [[required, ['required']]] : Array.isArray(required) ? required.map((r, i) => [r, ['required', i]]) : [];
  const findings: Finding[] = [];
  for (const [name, path] of entries) {
    if (typeof name !== 'string' || declared.includes(name)) continue;
    const suggestion = didYouMean(name, declared);
    findings.push({
      path,
      message: `on.manual.required names '${name}', which is not an input; ${suggestion ? `did you mean ${suggestion}?` : declared.length ? `inputs: ${declared.join(', ')}` : 'the workflow declares no inputs'}`,
    });
  }
  return findings;
}

/** The kinds the engine itself knows: no vendor among them. */
export function builtinTriggerKinds(): AnyTriggerKind[] {
  return [apiTriggerKind, manualTriggerKind];
}
