/**
 * A size-bounded memo. Workflows are compiled once per load, but the engine may ask for the same
 * template on every step; past `limit` entries the oldest is dropped so hostile or generated input
 * (e.g. a template per webhook payload) cannot grow memory without bound.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  getOrCreate(key: string, create: (key: string) => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = create(key);
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return value;
  }
}
