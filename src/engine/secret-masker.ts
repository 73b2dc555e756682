const MASK = '***';

/**
 * Replaces known secret values wherever the engine writes text that leaves the process or lands on disk:
 * logs, stored step inputs and outputs, error messages. Short values are ignored: masking "a" everywhere
 * would destroy logs and protect nothing.
 */
export class SecretMasker {
  private readonly pattern: RegExp | undefined;

  constructor(values: Iterable<string>) {
    const secrets = [...new Set([...values].filter((value) => value.length >= 4))].sort((a, b) => b.length - a.length);
    this.pattern = secrets.length ? new RegExp(secrets.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  get active(): boolean {
    return this.pattern !== undefined;
  }

  mask(text: string): string {
    return this.pattern ? text.replace(this.pattern, MASK) : text;
  }

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
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, fn);
    return out;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
