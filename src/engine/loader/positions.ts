import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A location in a parsed YAML value: map keys and sequence indexes, from the document root. */
export type ValuePath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  col: number;
}

/** Where a finding points: the key of the last path segment, its value, or the map/list holding it. */
export type Anchor = 'key' | 'value' | 'container';

/**
 * Turns value paths (as zod issues and the loader's checks report them) into line/column positions
 * in the YAML source, using the ranges `yaml` keeps on every node.
 */
export class SourcePositions {
  constructor(
    private readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): Position {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line, col };
  }

  /** The position of `path`'s key, value, or the collection holding it; falls back to the nearest ancestor that exists. */
  locate(path: ValuePath, anchor: Anchor): Position {
    if (anchor === 'container') return this.nodeStart(path.slice(0, -1));
    const found = this.walk(path);
    if (found.depth === path.length) {
      if (anchor === 'key' && found.key) return this.at(found.key.range?.[0] ?? 0);
      if (found.node) return this.at(found.node.range?.[0] ?? 0);
      if (found.key) return this.at(found.key.range?.[0] ?? 0);
    }
    return this.nodeStart(path.slice(0, found.depth));
  }

  /**
   * The position of the character at `offset` inside the string at `path`: accounts for the opening
   * quote, `''` and `\"` escapes, and the header line and indentation of block scalars.
   */
  locateInString(path: ValuePath, offset: number): Position {
    const found = this.walk(path);
    const node = found.depth === path.length ? found.node : undefined;
    if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range) return this.locate(path, 'value');
    return this.at(node.range[0] + scalarOffset(this.text.slice(node.range[0], node.range[1]), node.type, node.value, offset));
  }

  private nodeStart(path: ValuePath): Position {
    const found = this.walk(path);
    const node = found.node ?? found.key;
    return this.at(node?.range?.[0] ?? 0);
  }

  /** Follows `path` as far as the document goes; `depth` is how many segments were found. */
  private walk(path: ValuePath): { depth: number; node: Node | undefined; key: Node | undefined } {
    let node = this.resolve(this.doc.contents ?? undefined);
    let key: Node | undefined;
    let depth = 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item: Pair) => keyText(item.key) === String(segment));
        if (!pair) break;
        key = isNode(pair.key) ? pair.key : undefined;
        node = this.resolve(isNode(pair.value) ? pair.value : undefined);
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        key = undefined;
        const item = node.items[segment];
        node = this.resolve(isNode(item) ? item : undefined);
      } else {
        break;
      }
      depth++;
      if (!node) break;
    }
    return { depth, node, key };
  }

  private resolve(node: Node | undefined): Node | undefined {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      return target ?? node;
    }
    return node;
  }
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

/**
 * Maps an index into a scalar's parsed string to an index into its source text by walking both
 * together and skipping what only the source has (quotes, escape backslashes, indentation, folds).
 */
function scalarOffset(source: string, type: string | undefined, value: string, offset: number): number {
  let j = 0;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') j = 1;
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') j = source.indexOf('\n') + 1;
  const start = j;
  const skippable = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\\' || c === "'" || c === '"';
  for (let k = 0; k <= offset && k < value.length; k++) {
    while (j < source.length && source[j] !== value[k] && skippable(source[j])) j++;
    if (source[j] !== value[k]) return start;
    if (k === offset) return j;
    j++;
  }
  return j;
}
