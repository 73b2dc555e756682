import type { Config } from '../../config/schema.js';
import type { Runtime } from '../../runtime.js';

/**
 * What a doctor check reports: one line per thing checked, ✓ (`ok`), ✗ (`fail`: what is wrong and the fix)
 * or – (`off`: not configured, which is no error). `details` are extra lines (each workflow problem, say).
 */
export interface CheckLine {
  status: 'ok' | 'fail' | 'off';
  name: string;
  message: string;
  fix?: string;
  details?: string[];
}

export interface DoctorContext {
  config: Config;
  /** Contact the configured services (false with `--offline`: the configuration alone is checked). */
  network: boolean;
  /** Also list each LLM provider's models with its key (`--online`). */
  online: boolean;
  /** How long each service may take to answer. */
  timeoutMs: number;
  /** The runtime's workflows, actions and GitHub App, built without the state store, Redis or PostgreSQL. */
  runtime(): Promise<Runtime>;
}

export type Check = (context: DoctorContext) => Promise<CheckLine[]>;

export const ok = (name: string, message: string, details?: string[]): CheckLine => ({ status: 'ok', name, message, ...(details?.length ? { details } : {}) });
export const off = (name: string, message: string): CheckLine => ({ status: 'off', name, message });
export const fail = (name: string, message: string, fix?: string, details?: string[]): CheckLine => ({
  status: 'fail',
  name,
  message,
  ...(fix ? { fix } : {}),
  ...(details?.length ? { details } : {}),
});

export class DeadlineError extends Error {}

/**
 * Runs `call` with a signal aborted after `ms`, and gives up on it then even when the client ignores the
 * signal: a service that never answers fails its check at the deadline instead of holding the doctor.
 */
export async function withDeadline<T>(ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineError(`no answer within ${ms / 1000} s`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The variables among `wanted` whose setting is missing, by name. */
export function missing(wanted: Record<string, unknown>): string[] {
  return Object.entries(wanted)
    .filter(([, value]) => value === undefined || value === '')
    .map(([name]) => name);
}

/**
 * A failure's message as a check prints it: the error's own, with the system error code underneath it when
 * the message hides it (`fetch failed` → `fetch failed (ECONNREFUSED)`); clients wrap it as `cause` or `original`.
 */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = systemCode(error, 0);
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

function systemCode(error: unknown, depth: number): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code, cause, original } = error as { code?: unknown; cause?: unknown; original?: unknown };
  const inner = systemCode(cause, depth + 1) ?? systemCode(original, depth + 1);
  if (inner) return inner;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code) ? code : undefined;
}
