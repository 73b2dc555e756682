import { isAlias, isScalar, visit, type Document } from 'yaml';
import { isForbiddenProperty } from '../expressions/ast.js';

/**
 * Names a workflow may not use. `__proto__` as any mapping key would, once the file is turned into
 * JavaScript objects, replace an object's prototype instead of naming an entry; it is refused before the
 * file is turned into values. Step ids, input, output and env names are keys expressions read
 * (`steps.<id>`, `inputs.<name>`), and expressions refuse `constructor`, `prototype` and `__proto__` in any
 * case, so a step or input by such a name could never be read.
 */
export const PROTOTYPE_KEY = '__proto__';

export function isReservedName(name: string): boolean {
  return isForbiddenProperty(name);
}

export const RESERVED_NAME_MESSAGE = 'must not be constructor, prototype or __proto__ (in any case): expressions cannot read such a name';

/** The source offset of every `__proto__` mapping key, written plainly, quoted or through an alias. */
export function prototypeKeyOffsets(doc: Document): number[] {
  const offsets: number[] = [];
  // Anchors in document order, as an alias names the latest one before it: linear, unlike Alias.resolve.
  const anchorIsPrototypeKey = new Map<string, boolean>();
  visit(doc, {
    Node(_key, node) {
      if (node.anchor) anchorIsPrototypeKey.set(node.anchor, isScalar(node) && node.value === PROTOTYPE_KEY);
    },
    Pair(_key, pair) {
      const { key } = pair;
      const reserved = isScalar(key) ? key.value === PROTOTYPE_KEY : isAlias(key) && anchorIsPrototypeKey.get(key.source) === true;
      if (reserved) offsets.push((key as { range?: [number, number, number] }).range?.[0] ?? 0);
    },
  });
  return offsets;
}
