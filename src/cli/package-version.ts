import { readFileSync } from 'node:fs';

/**
 * The version in package.json, read at run time: the same file serves `src/cli` under tsx and `dist/cli`
 * once built (both two folders below the package root), so there is no copy to keep in step.
 */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
