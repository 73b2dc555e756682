import { z } from 'zod';

/**
 * The one configuration object. Every feature adds its section here; `config.yaml`, the environment and
 * `.env` are only different ways to fill it.
 */
export const configSchema = z
  .object({
    /** SQLite state file for the embedded store. */
    db: z.string().min(1).default('.agentic-sdlc/state.db'),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    engine: z
      .object({
        /** Runs executed at once by this process. */
        concurrency: z.int().min(1).max(256).default(4),
        /** Independent steps of one run executed at once. */
        maxParallelSteps: z.int().min(1).max(64).default(4),
      })
      .strict()
      .prefault({}),
    workflows: z
      .object({
        /** Extra folders of workflow files; the built-in ones always load first and same-named files here replace them. */
        dirs: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    /** Values for the `secrets` context of workflows (masked in logs and stored state). */
    secrets: z.record(z.string(), z.string()).default({}),
    /** Offline analyzer rules; see `src/analysis/config.ts`. Validated by the analyzer itself. */
    analyzer: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
