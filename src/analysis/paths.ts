import picomatch from 'picomatch';

export type Matcher = (path: string) => boolean;

/**
 * Compiles globs the way `.gitignore` reads them: a glob without `/` matches the file name in any
 * directory (`*.md`), one with `/` matches the whole path (`docs/**`). Dotfiles match.
 */
export function globMatcher(globs: readonly string[]): Matcher {
  if (globs.length === 0) return () => false;
  const matchers = globs.map((glob) => picomatch(glob, { dot: true, basename: !glob.includes('/') }));
  return (path) => matchers.some((match) => match(path));
}

/** Returns the first glob that matches, for messages that say why a file was skipped. */
export function firstMatchingGlob(globs: readonly string[], path: string): string | undefined {
  return globs.find((glob) => picomatch.isMatch(path, glob, { dot: true, basename: !glob.includes('/') }));
}

export const DEFAULT_TEST_PATTERNS: readonly string[] = [
  '**/{test,tests,__tests__,spec,specs}/**',
  '**/*.{test,spec}.*',
  '**/*_test.go',
  '**/test_*.py',
  '**/*_test.py',
  '**/*_spec.rb',
];

const GENERATED = globMatcher([
  '**/dist/**',
  '**/vendor/**',
  '**/node_modules/**',
  '**/{generated,__generated__}/**',
  '**/*.min.js',
  '**/*.min.css',
  '**/*.map',
]);

/** Lockfile name → the manifest it is generated from. */
export const LOCKFILE_MANIFESTS: Readonly<Record<string, string>> = {
  'package-lock.json': 'package.json',
  'npm-shrinkwrap.json': 'package.json',
  'yarn.lock': 'package.json',
  'pnpm-lock.yaml': 'package.json',
  'bun.lock': 'package.json',
  'Cargo.lock': 'Cargo.toml',
  'poetry.lock': 'pyproject.toml',
  'uv.lock': 'pyproject.toml',
  'Pipfile.lock': 'Pipfile',
  'Gemfile.lock': 'Gemfile',
  'go.sum': 'go.mod',
  'composer.lock': 'composer.json',
};

const TESTS = globMatcher(DEFAULT_TEST_PATTERNS);
const DOCS = globMatcher(['**/{docs,doc,example,examples,fixtures,__fixtures__,testdata}/**', '**/*.{md,mdx,markdown,rst,adoc,txt}']);

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function extension(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isLockfile(path: string): boolean {
  return Object.hasOwn(LOCKFILE_MANIFESTS, baseName(path));
}

export function isGenerated(path: string): boolean {
  return GENERATED(path);
}

const SNAPSHOTS = globMatcher(['**/__snapshots__/**', '*.snap']);

/**
 * Test snapshots (Jest/Vitest `__snapshots__/`, `*.snap`): written by the test runner, so a model gains little
 * from reading them. Not part of `isGenerated`, which the offline analyzer and the large-diff rule also use.
 */
export function isSnapshot(path: string): boolean {
  return SNAPSHOTS(path);
}

export function isTestPath(path: string): boolean {
  return TESTS(path);
}

/** Tests, fixtures, examples and documentation: places where sample credentials are expected. */
export function isSamplePath(path: string): boolean {
  return TESTS(path) || DOCS(path);
}
