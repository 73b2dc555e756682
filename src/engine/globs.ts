import picomatch from 'picomatch';

/**
 * GitHub's include/exclude rule for glob lists (branches, paths, job names): patterns apply in order and
 * the last one that matches decides; `!pattern` excludes. A list of only exclusions includes everything else.
 */
export function globsInclude(patterns: readonly string[], value: string): boolean {
  let included = patterns.every((pattern) => pattern.startsWith('!'));
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matcher(negated ? pattern.slice(1) : pattern)(value)) included = !negated;
  }
  return included;
}

const matchers = new Map<string, (value: string) => boolean>();

function matcher(glob: string): (value: string) => boolean {
  let match = matchers.get(glob);
  if (!match) {
    // `dot` so `.github/**` and `**` reach dotfiles, as GitHub's path filters do.
    match = picomatch(glob, { dot: true });
    if (matchers.size >= 1_000) matchers.clear();
    matchers.set(glob, match);
  }
  return match;
}
