import { nonRetryable } from '../../../engine/errors.js';

/**
 * The build URL `jenkins.console` may send JENKINS_USER's token to: only under JENKINS_URL (same scheme, host,
 * port, and path prefix). A notification names its own URL, and anyone who can send one must not be able to
 * point our credentials at their host. A relative URL (the plugin's `build.url` when Jenkins has no root URL
 * configured) is resolved against JENKINS_URL, and checked the same way after resolution (`../`, `//host`).
 */
export function buildUrlUnder(base: string, url: string): URL {
  const root = new URL(base.endsWith('/') ? base : `${base}/`);
  let target: URL;
  try {
    target = new URL(url, root);
  } catch {
    throw nonRetryable(`jenkins.console: '${url.slice(0, 200)}' is not a build URL`, 'jenkins_bad_url');
  }
  const under =
    target.protocol === root.protocol &&
    target.host === root.host &&
    target.username === '' &&
    target.password === '' &&
    target.pathname.startsWith(root.pathname);
  if (!under) {
    throw nonRetryable(
      `jenkins.console: refusing ${target.origin}${target.pathname.slice(0, 200)}: build URLs must be under JENKINS_URL (${root.origin}${root.pathname}), so the API token never goes to another host; if Jenkins moved, update JENKINS_URL`,
      'jenkins_foreign_url',
    );
  }
  target.search = '';
  target.hash = '';
  if (!target.pathname.endsWith('/')) target.pathname += '/';
  return target;
}
