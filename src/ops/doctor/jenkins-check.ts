import type { JenkinsConfig } from '../../config/integrations.js';
import { fail, missing, off, ok, reasonOf, withDeadline, type Check, type CheckLine } from './check.js';

const NAME = 'Jenkins';
const TOKEN_FIX = 'make an API token in Jenkins → your user → Security, and set JENKINS_USER to that user';

/**
 * Two halves, either enough: the build-notification webhook (JENKINS_WEBHOOK_TOKEN) and `jenkins.console`
 * (JENKINS_URL, JENKINS_USER, JENKINS_API_TOKEN). The second is tried with `GET <JENKINS_URL>/api/json` as that
 * user; a redirect is not followed (it would carry the credentials elsewhere) but named, since it means
 * JENKINS_URL is not the address Jenkins answers on.
 */
export const jenkinsCheck: Check = async ({ config, network, timeoutMs }) => {
  const { url, user, apiToken, webhookToken } = config.jenkins;
  if (!url && !user && !apiToken && !webhookToken) {
    return [off(NAME, 'not configured: set JENKINS_WEBHOOK_TOKEN for build notifications, JENKINS_URL, JENKINS_USER and JENKINS_API_TOKEN for jenkins.console (docs/jenkins.md)')];
  }
  const webhook = webhookToken ? 'webhook token set' : 'no JENKINS_WEBHOOK_TOKEN, so build notifications are refused';
  if (!url && !user && !apiToken) return [ok(NAME, `${webhook}; jenkins.console not configured (JENKINS_URL, JENKINS_USER, JENKINS_API_TOKEN)`)];
  const absent = missing({ JENKINS_URL: url, JENKINS_USER: user, JENKINS_API_TOKEN: apiToken });
  if (absent.length) return [fail(NAME, `jenkins.console needs ${absent.join(' and ')} too`, TOKEN_FIX)];
  if (!network) return [ok(NAME, `${webhook}; ${url} as ${user} (not contacted: --offline)`)];
  try {
    return [await withDeadline(timeoutMs, (signal) => contactJenkins(config.jenkins, webhook, signal))];
  } catch (error) {
    return [fail(NAME, `GET ${apiUrl(url!)}: ${reasonOf(error)}`, 'check JENKINS_URL and the network path to Jenkins (proxy, firewall)')];
  }
};

async function contactJenkins(settings: JenkinsConfig, webhook: string, signal: AbortSignal): Promise<CheckLine> {
  const where = apiUrl(settings.url!);
  const authorization = `Basic ${Buffer.from(`${settings.user}:${settings.apiToken}`).toString('base64')}`;
  const response = await fetch(where, { headers: { authorization, accept: 'application/json' }, redirect: 'manual', signal });
  const status = response.status;
  if (status >= 300 && status < 400) {
    await response.body?.cancel();
    return fail(NAME, `GET ${where} redirects (HTTP ${status}) to ${shortUrl(response.headers.get('location'), where)}`, 'set JENKINS_URL to the address Jenkins answers on (its "Jenkins URL" setting)');
  }
  if (status === 401 || status === 403) {
    await response.body?.cancel();
    return fail(NAME, `Jenkins refused JENKINS_USER ${settings.user} with JENKINS_API_TOKEN (HTTP ${status})`, TOKEN_FIX);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return fail(NAME, `GET ${where} answered HTTP ${status}`, 'check JENKINS_URL: it should be the Jenkins root, not a job');
  }
  const body = (await response.json().catch(() => undefined)) as { jobs?: unknown[] } | undefined;
  if (!body || typeof body !== 'object') return fail(NAME, `GET ${where} did not answer JSON`, 'check JENKINS_URL: it should be the Jenkins root');
  const version = response.headers.get('x-jenkins');
  const jobs = Array.isArray(body.jobs) ? `, ${body.jobs.length} job${body.jobs.length === 1 ? '' : 's'} visible` : '';
  return ok(NAME, `${webhook}; ${settings.url} answers${version ? ` (Jenkins ${version})` : ''} to ${settings.user}${jobs}`);
}

function apiUrl(base: string): string {
  return new URL('api/json', base.endsWith('/') ? base : `${base}/`).toString();
}

/** Origin and path only: a redirect's query could hold anything. */
function shortUrl(location: string | null, base: string): string {
  if (!location) return '(no Location)';
  try {
    const target = new URL(location, base);
    return `${target.origin}${target.pathname}`;
  } catch {
    return '(an unparsable Location)';
  }
}
