import { fail, missing, off, ok, reasonOf, withDeadline, type Check, type DoctorContext } from './check.js';
import { privateKeyProblem } from './github-key.js';

const NAME = 'GitHub App';

/**
 * APP_ID, the private key (parsed as an RSA key) and WEBHOOK_SECRET; then, as the App itself (the runtime's
 * Probot, so GHE_HOST applies), `GET /app` with a JWT and the installations it has. Partly configured is a
 * failure (serve would refuse or fail at the first event); nothing configured is no error.
 */
export const githubCheck: Check = async (context) => {
  const { appId, privateKey, privateKeyPath, webhookSecret } = context.config.github;
  if (appId === undefined && !privateKey && !privateKeyPath && !webhookSecret) {
    return [off(NAME, 'not configured: set APP_ID, PRIVATE_KEY and WEBHOOK_SECRET, or create the App from agentic-sdlc serve --setup (docs/github-app.md)')];
  }
  const absent = missing({ APP_ID: appId, 'PRIVATE_KEY (or PRIVATE_KEY_PATH)': privateKey ?? privateKeyPath, WEBHOOK_SECRET: webhookSecret });
  if (absent.length) {
    return [fail(NAME, `${absent.join(' and ')} not set`, 'copy them from the App settings on GitHub (the webhook secret is the one you gave the App); docs/github-app.md')];
  }
  const key = privateKeyProblem(context.config.github);
  if (key) return [fail(NAME, key.problem, key.fix)];
  if (!context.network) return [ok(NAME, `app ${appId}: private key parses, webhook secret set (not contacted: --offline)`)];
  try {
    return [await withDeadline(context.timeoutMs, (signal) => contactGithub(context, signal))];
  } catch (error) {
    return [fail(NAME, `${apiBase(context)}: ${reasonOf(error)}`, fixFor(error))];
  }
};

async function contactGithub(context: DoctorContext, signal: AbortSignal) {
  const probot = await (await context.runtime()).github.probot();
  const octokit = await probot.auth();
  // No retries: the doctor reports the first answer, within its deadline.
  const request = { signal, retries: 0 };
  const { data: app } = await octokit.rest.apps.getAuthenticated({ request });
  const installations = await octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100, request });
  const accounts = installations.map((installation) => (installation.account as { login?: string } | null)?.login ?? String(installation.id));
  const who = `app "${app?.slug ?? app?.name ?? context.config.github.appId}" (id ${context.config.github.appId}) on ${apiBase(context)}`;
  if (!installations.length) {
    return fail(NAME, `${who} is installed nowhere, so no event reaches it`, `install it: ${app?.html_url ?? 'the App page'}/installations/new`);
  }
  return ok(NAME, `${who}, ${installations.length} installation${installations.length === 1 ? '' : 's'} (${accounts.slice(0, 5).join(', ')}${accounts.length > 5 ? ', …' : ''})`);
}

function apiBase({ config }: DoctorContext): string {
  return config.github.gheHost ? `${config.github.gheProtocol}://${config.github.gheHost}/api/v3` : 'https://api.github.com';
}

function fixFor(error: unknown): string | undefined {
  const status = (error as { status?: number }).status;
  if (status === 401) return "check that APP_ID is the App the private key belongs to, and this machine's clock (a JWT is valid for minutes)";
  if (status === 404) return 'check GHE_HOST (GitHub Enterprise Server) or that the App still exists';
  if (status === undefined || status >= 500) return 'check the network path to GitHub (proxy, firewall) and GHE_HOST / GHE_PROTOCOL';
  return undefined;
}
