import { backslashTolerantSource, secretEncodings } from './secret-encodings.js';

const MASK = '***';
/**
 * Shorter values are not masked: masking "a" or "on" everywhere would destroy logs and protect nothing. A
 * secret this short is guessable anyway.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Replaces known secret values, and the forms they take once escaped or encoded (JSON, Markdown, URL,
 * HTML, base64 — see secret-encodings.ts), in everything the engine lets out: stored state, events, logs,
 * errors, run outputs. Object keys are masked as well as values.
 *
 * Cost: one regular expression, an alternation of fixed strings (each punctuation character optionally
 * preceded by a backslash), longest first. It runs in time linear in
 * the text for a given set of secrets; the set comes from the operator's configuration, not from users.
 */
export class SecretMasker {
  private readonly pattern: RegExp | undefined;

  constructor(values: Iterable<string>) {
    const forms = new Set<string>();
    for (const value of values) {
      for (const form of secretEncodings(value, MIN_SECRET_LENGTH)) forms.add(form);
    }
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length ? new RegExp(sorted.map(backslashTolerantSource).join('|'), 'g') : undefined;
  }

  get active(): boolean {
    return this.pattern !== undefined;
  }

  mask(text: string): string {
    return this.pattern ? text.replace(this.pattern, MASK) : text;
  }

  /** A copy of `value` with every string, and every object key, masked. */
  maskDeep<T>(value: T): T {
    if (!this.pattern) return value;
    return walk(value, (text) => this.mask(text)) as T;
  }
}

function walk(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, fn));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // Defined, not assigned: a key named `__proto__` stays data instead of replacing the prototype.
      Object.defineProperty(out, fn(key), { value: walk(item, fn), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
