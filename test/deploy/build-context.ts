import { cpSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { ROOT } from './dockerfile.js';

/**
 * The Docker build context: the files `docker build .` sends, as .dockerignore decides them. Docker's rule: a
 * path is left out when the last pattern matching it, or one of its parent folders, is not a `!` exception.
 * The packed-install test builds from this copy, so a file the build needs that .dockerignore drops fails it.
 */

interface Pattern {
  exception: boolean;
  text: string;
  matches: (path: string) => boolean;
}

export function readDockerignore(path = join(ROOT, '.dockerignore')): Pattern[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const exception = line.startsWith('!');
      const text = line.replace(/^!/, '').replace(/^\.?\//, '').replace(/\/$/, '');
      return { exception, text, matches: picomatch(text, { dot: true }) };
    });
}

/** Whether Docker sends `path` (relative to the context, `/`-separated). */
export function isSent(patterns: Pattern[], path: string): boolean {
  const parts = path.split('/');
  const self = [...parts.keys()].map((index) => parts.slice(0, index + 1).join('/'));
  let excluded = false;
  for (const pattern of patterns) {
    if (self.some((candidate) => pattern.matches(candidate))) excluded = !pattern.exception;
  }
  return !excluded;
}

/** Copies the context of the repository into `target`: what `COPY . .` in the build stage sees. */
export function copyBuildContext(target: string, patterns = readDockerignore()): void {
  const exceptions = patterns.filter((pattern) => pattern.exception).map((pattern) => pattern.text);
  cpSync(ROOT, target, {
    recursive: true,
    filter: (source) => {
      const path = relative(ROOT, source).split(sep).join('/');
      if (path === '') return true;
      // A folder left out is still entered when an exception names something inside it.
      return isSent(patterns, path) || exceptions.some((text) => text.startsWith(`${path}/`));
    },
  });
}
