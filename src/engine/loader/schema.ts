import { z } from 'zod';
import type { TriggerKindRegistry } from '../trigger-kind.js';
import { isReservedName, RESERVED_NAME_MESSAGE } from './reserved-names.js';

/**
 * The shape of a workflow file as users write it (GitHub-Actions-like YAML); the `on:` block comes from the
 * registered trigger kinds (`workflowSchemaFor`). It is the single source for the `WorkflowYaml` type, for `schema/workflow.schema.json` that editors validate against, and
 * for the loader's structural checks. It has no transforms: turning it into the engine's `Workflow`
 * (defaults, shorthands, implicit `needs`) is `normalize.ts`'s job, and checks that need the whole
 * file (step graph, expressions, actions) live in `check-*.ts`.
 *
 * Every check message is phrased to follow the field's path: "steps[0].timeout must be …".
 */

export const WORKFLOW_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Step ids, input and output names: what an expression can reach as `steps.<id>` or `inputs.<name>`. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What `parseDuration` accepts as a string: `500ms`, `30s`, `5m`, `1h30m`, or a bare number of seconds. */
export const DURATION_PATTERN = /^\s*(?:\d+(?:\.\d+)?|(?:\d+(?:\.\d+)?(?:ms|s|m|h))+)\s*$/;

export const INPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
const identifier = (what: string) =>
  z
    .string()
    .regex(IDENTIFIER_PATTERN, `must be a ${what}: a letter or _, then letters, digits, - or _`)
    .refine((name) => !isReservedName(name), RESERVED_NAME_MESSAGE);

const stringList = (description: string) =>
  z.union([z.string(), z.array(z.string())]).meta({ description: `${description} A single string or a list.` });

const duration = (description: string) =>
  z
    .union([
      z.string().regex(DURATION_PATTERN, 'must be a duration such as 500ms, 30s, 5m or 1h30m'),
      z.number().min(0, 'must not be negative'),
    ])
    .meta({ description: `${description} A duration such as 30s, 5m or 1h30m, or a number of seconds.` });

const minutes = (description: string) =>
  z.number().positive('must be a positive number of minutes').meta({ description });

const inputSpec = z.strictObject({
  type: z.enum(INPUT_TYPES).default('string'),
  description: z.string().optional(),
  required: z.boolean().default(false),
  default: z.unknown().meta({ description: 'Value used when the input is not given; must match `type`.' }).optional(),
  options: z
    .array(z.string())
    .min(1)
    .meta({ description: 'The only values a string input accepts (GitHub\'s `type: choice`).' })
    .optional(),
});

const retry = z
  .union([
    z.number().int().min(1, 'must be at least 1').max(10, 'must be at most 10'),
    z.strictObject({
      attempts: z
        .number()
        .int()
        .min(1, 'must be at least 1')
        .max(10, 'must be at most 10')
        .default(3)
        .meta({ description: 'Total attempts including the first (1–10).' }),
      backoff: z.enum(['exponential', 'fixed']).default('exponential'),
      delay: duration('Wait before the second attempt.').default('1s'),
      'max-delay': duration('Upper bound for the wait between attempts.').default('30s'),
      jitter: z.boolean().default(true).meta({ description: 'Randomize waits so retries do not align.' }),
    }),
  ])
  .meta({ description: 'Retry transient failures: a number of attempts, or a policy.' });

const concurrency = z
  .union([
    z.string(),
    z.strictObject({
      group: z.string(),
      'cancel-in-progress': z.boolean().default(false),
    }),
  ])
  .meta({ description: 'Runs in the same group run one at a time; a string is the group.' });

export const stepSchema = z.strictObject({
  id: identifier('step id').meta({ description: 'Defaults to `uses` with dots as dashes (`diff.analyze` → `diff-analyze`).' }).optional(),
  name: z.string().optional(),
  uses: z.string().min(1, 'must name an action').meta({ description: 'The action to run, `domain.verb`.' }),
  with: z.record(z.string(), z.unknown()).meta({ description: "The action's inputs; strings may hold ${{ }} expressions." }).optional(),
  if: z.union([z.string(), z.boolean()]).meta({ description: 'Run the step only when this expression is true.' }).optional(),
  needs: stringList('Step ids to wait for. Absent: the previous step. `[]`: none.').optional(),
  retry: retry.optional(),
  timeout: duration('Per-attempt time limit.').optional(),
  'timeout-minutes': minutes('Per-attempt time limit in minutes.').optional(),
  'continue-on-error': z.boolean().default(false),
});

/**
 * The `on:` block: one optional key per registered trigger kind, each validated by that kind's schema. A key
 * no kind claims is an unknown key (with a did-you-mean).
 */
export function triggersSchema(kinds: TriggerKindRegistry): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const kind of kinds.list()) {
    const described = z.globalRegistry.get(kind.on)?.description !== undefined ? kind.on : kind.on.meta({ description: kind.description });
    shape[kind.name] = described.optional();
  }
  return z.strictObject(shape).meta({ description: 'What starts this workflow: one key per trigger kind.' });
}

const schemas = new WeakMap<TriggerKindRegistry, { version: number; schema: WorkflowSchema }>();

/** The workflow schema with `on:` built from `kinds`; cached per registry until a kind is added. */
export function workflowSchemaFor(kinds: TriggerKindRegistry): WorkflowSchema {
  const cached = schemas.get(kinds);
  if (cached && cached.version === kinds.version) return cached.schema;
  const schema = buildWorkflowSchema(triggersSchema(kinds));
  schemas.set(kinds, { version: kinds.version, schema });
  return schema;
}

function buildWorkflowSchema(on: z.ZodType<Record<string, unknown>>) {
  return z
  .strictObject({
    name: z.string().regex(WORKFLOW_NAME_PATTERN, 'must contain only letters, digits, ".", "-" and "_"'),
    description: z.string().optional(),
    on: on.optional(),
    inputs: z.record(identifier('input name'), inputSpec).optional(),
    env: z
      .record(
        z
          .string()
          .regex(ENV_NAME_PATTERN, 'must be a variable name: letters, digits and _')
          .refine((name) => !isReservedName(name), RESERVED_NAME_MESSAGE),
        z.union([z.string(), z.number(), z.boolean()]),
      )
      .optional(),
    concurrency: concurrency.optional(),
    timeout: duration('Time limit for the whole run.').optional(),
    'timeout-minutes': minutes('Time limit for the whole run, in minutes.').optional(),
    outputs: z
      .record(identifier('output name'), z.unknown())
      .meta({ description: 'Workflow outputs; may read any step (`${{ steps.report.outputs.markdown }}`).' })
      .optional(),
    steps: z.array(stepSchema).min(1, 'must list at least one step'),
  })
  .meta({
    title: 'agentic-sdlc workflow',
    description: 'A workflow for the agentic-sdlc engine: triggers, inputs and steps that run actions.',
  });
}

type WorkflowSchema = ReturnType<typeof buildWorkflowSchema>;

/** A workflow file as written. */
export type WorkflowYaml = z.input<WorkflowSchema>;
/** A workflow file after the schema filled in its defaults. */
export type ParsedWorkflowYaml = z.output<WorkflowSchema>;
export type ParsedStepYaml = z.output<typeof stepSchema>;
