/**
 * `owner/name` of a GitHub repository from the clone URL Jenkins reports (`build.scm.url`):
 * `https://github.com/o/r.git`, `git@github.com:o/r.git`, `ssh://git@github.com/o/r`. Anything else (another
 * host, a deeper path) names no repository: the build is then not tied to a GitHub repository.
 */
export function repoFromScmUrl(url: string): string | undefined {
  const scp = 'git@github.com:';
  let path: string | undefined;
  if (url.startsWith(scp)) path = url.slice(scp.length);
  else {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol) || parsed.hostname.toLowerCase() !== 'github.com') return undefined;
    path = parsed.pathname.slice(1);
  }
  const parts = path.replace(/\/$/, '').replace(/\.git$/, '').split('/');
  if (parts.length !== 2 || !parts.every((part) => /^[\w.-]+$/.test(part) && part !== '.' && part !== '..')) return undefined;
  return parts.join('/');
}
