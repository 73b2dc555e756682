import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The folder rules of `src/`, read from the static `import … from '…'` and `export … from '…'` statements
 * (type-only ones included: they are dependencies too). A folder is the first path segment under `src/`
 * (`integrations/<vendor>` counts as one folder); a file directly in `src/` is its own node (`runtime.ts`).
 */

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * What `src/engine/` may import from outside itself: nothing. Its ports (`engine/ports/`: the run store and
 * run queue) are its own, and the adapters in `store/` and `queue/` import them, never the reverse.
 */
const ENGINE_EXCEPTIONS = new Set<string>();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split('\\').join('/')] : [];
  });
}

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** The `src/`-relative files a file imports statically (relative specifiers only; packages are not folders). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const spec = match[1]!;
    if (!spec.startsWith('.')) continue;
    targets.push(posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return targets;
}

function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return parts[0]!;
  if (parts[0] === 'integrations') return `${parts[0]}/${parts[1]}`;
  return parts[0]!;
}

interface Edge {
  from: string;
  to: string;
}

const files = sourceFiles(SRC);
const edges: Edge[] = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })));

/** Each cycle of a directed graph once (by its smallest node), as the node list. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  const visit = (start: string, node: string, path: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const cycle = [...path];
        const key = [...cycle].sort().join(' ');
        if (!found.has(key)) found.set(key, cycle);
      } else if (!path.includes(next) && next > start) {
        visit(start, next, [...path, next]);
      }
    }
  };
  for (const node of [...graph.keys()].sort()) visit(node, node, [node]);
  return [...found.values()];
}

function graphOf(pairs: Edge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of pairs) {
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

/** "a → b → a", each edge with the files that make it. */
function describeCycle(cycle: string[], folderEdges: Edge[], nodeOf: (file: string) => string): string {
  return cycle
    .map((node, i) => {
      const next = cycle[(i + 1) % cycle.length]!;
      const why = folderEdges.filter((e) => nodeOf(e.from) === node && nodeOf(e.to) === next).map((e) => `${e.from} → ${e.to}`);
      return `${node} → ${next} (${why.join(', ')})`;
    })
    .join('; ');
}

describe('src/ import rules', () => {
  it('finds the sources and their imports', () => {
    expect(files).toContain('engine/engine.ts');
    expect(files).toContain('integrations/github/index.ts');
    expect(edges.length).toBeGreaterThan(100);
    for (const { from, to } of edges) expect(files, `${from} imports ${to}, which does not exist`).toContain(to);
  });

  it('keeps src/engine/ free of everything outside it (but the store and queue ports, for now)', () => {
    const outside = edges.filter((e) => e.from.startsWith('engine/') && !e.to.startsWith('engine/') && !ENGINE_EXCEPTIONS.has(e.to));
    expect(outside.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('has no import cycle between folders (the engine\'s ports counted as the engine\'s)', () => {
    // store/ and queue/ implement the ports the engine declares there: those imports are the engine's own.
    const folderEdges = edges.filter((e) => folderOf(e.from) !== folderOf(e.to) && !(e.from.startsWith('engine/') && ENGINE_EXCEPTIONS.has(e.to)));
    const found = cycles(graphOf(folderEdges.map((e) => ({ from: folderOf(e.from), to: folderOf(e.to) }))));
    expect(found.map((cycle) => describeCycle(cycle, folderEdges, folderOf))).toEqual([]);
  });

  it('has no import cycle between the files of src/integrations/github/', () => {
    const inside = edges.filter((e) => e.from.startsWith('integrations/github/') && e.to.startsWith('integrations/github/'));
    const found = cycles(graphOf(inside));
    expect(found.map((cycle) => describeCycle(cycle, inside, (file) => file))).toEqual([]);
  });
});
