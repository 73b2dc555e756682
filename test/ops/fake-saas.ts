import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * GitHub (Enterprise Server paths), Slack, Jira, Jenkins, OpenAI and Anthropic on one local HTTP server, for
 * the doctor running in a child process. Each checks the credentials as the real service would (GitHub verifies
 * the App JWT's RS256 signature with the App's public key) and answers with the real API's shapes, refusals
 * included. Prefixes in `hang` never answer, for the deadline.
 */
export interface FakeSaasOptions {
  github: { appId: number; privateKeyPem: string; installations: string[] };
  slack: { botToken: string; appToken?: string };
  jira: { email: string; apiToken: string; pat: string };
  jenkins: { user: string; apiToken: string };
  openaiKey: string;
  anthropicKey: string;
  hang?: string[];
}

export interface FakeSaas {
  url: string;
  /** `METHOD /path` of every request, in order. */
  requests: string[];
  /** When each request to a `hang` prefix arrived (ms since the epoch). */
  hung: number[];
  close(): Promise<void>;
}

export async function startFakeSaas(options: FakeSaasOptions): Promise<FakeSaas> {
  const appKey = createPublicKey(options.github.privateKeyPem);
  const requests: string[] = [];
  const hung: number[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    requests.push(`${request.method} ${path}`);
    if (options.hang?.some((prefix) => path.startsWith(prefix))) {
      hung.push(Date.now());
      return;
    }
    // Slack's Web API takes form bodies: read them before answering.
    request.resume();
    request.on('end', () => route(options, appKey, path, request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hung,
    close: () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

function route(options: FakeSaasOptions, appKey: KeyObject, path: string, request: IncomingMessage, response: ServerResponse): void {
  const auth = request.headers.authorization ?? '';
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  };
  const basic = (user: string, token: string) => auth === `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
  switch (path) {
    case '/api/v3/app':
    case '/api/v3/app/installations': {
      if (!validAppJwt(auth, options.github.appId, appKey)) {
        return json(401, { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest', status: '401' });
      }
      if (path === '/api/v3/app') {
        return json(200, { id: options.github.appId, slug: 'sdlc-bot', node_id: 'MDM6QXBwMQ==', owner: { login: 'acme', id: 1, type: 'Organization' }, name: 'SDLC Bot', html_url: 'https://ghe.acme.test/github-apps/sdlc-bot', permissions: { pull_requests: 'write', checks: 'write' }, events: ['pull_request'], installations_count: options.github.installations.length });
      }
      return json(200, options.github.installations.map((login, i) => ({ id: 100 + i, account: { login, id: 10 + i, type: 'Organization' }, app_id: options.github.appId, target_type: 'Organization', repository_selection: 'all' })));
    }
    case '/slack/api/auth.test':
      if (auth !== `Bearer ${options.slack.botToken}`) return json(200, { ok: false, error: 'invalid_auth' });
      return json(200, { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'sdlc', team_id: 'T0001', user_id: 'U0001', bot_id: 'B0001', is_enterprise_install: false });
    case '/slack/api/apps.connections.open':
      if (auth !== `Bearer ${options.slack.appToken}`) return json(200, { ok: false, error: 'invalid_auth' });
      return json(200, { ok: true, url: 'wss://wss-primary.slack.com/link/?ticket=0000&app_id=A0001' });
    case '/jira/rest/api/3/myself':
      if (!basic(options.jira.email, options.jira.apiToken)) return json(401, { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
      return json(200, { accountId: '5b10a2844c20165700ede21g', accountType: 'atlassian', emailAddress: options.jira.email, displayName: 'Dev Bot', active: true, timeZone: 'Europe/Paris', locale: 'en_US' });
    case '/jira/rest/api/2/myself':
      // Some Data Center proxies quote the token they refused: the doctor's output must not.
      if (auth !== `Bearer ${options.jira.pat}`) return json(401, { errorMessages: [`You are not authenticated: token ${auth.slice(7)} is not valid.`], errors: {} });
      return json(200, { name: 'devbot', key: 'JIRAUSER10100', emailAddress: 'dev@acme.test', displayName: 'Dev Bot (DC)', active: true });
    case '/jenkins/api/json':
      if (!basic(options.jenkins.user, options.jenkins.apiToken)) {
        response.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="Jenkins"', 'x-jenkins': '2.462.3' }).end('<html><body>Invalid password/token for user</body></html>');
        return;
      }
      return json(200, { _class: 'hudson.model.Hudson', mode: 'NORMAL', nodeName: '', numExecutors: 2, jobs: [{ _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob', name: 'app', url: 'http://jenkins/job/app/', color: 'blue' }], useCrumbs: true, useSecurity: true }, { 'x-jenkins': '2.462.3' });
    case '/openai/v1/models':
      if (auth !== `Bearer ${options.openaiKey}`) {
        // OpenAI quotes part of the key it refused.
        const shown = `${auth.slice(7, 14)}***${auth.slice(-4)}`;
        return json(401, { error: { message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      }
      return json(200, { object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model', created: 1744317547, owned_by: 'system' }, { id: 'gpt-4.1', object: 'model', created: 1744316542, owned_by: 'system' }] });
    case '/anthropic/v1/models':
      // The SDK sends the key as a bearer token; `x-api-key` is the older form.
      if (request.headers['x-api-key'] !== options.anthropicKey && auth !== `Bearer ${options.anthropicKey}`) return json(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return json(200, { data: [{ type: 'model', id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' }], has_more: false, first_id: 'claude-sonnet-4-6', last_id: 'claude-sonnet-4-6' });
    default:
      return json(404, { message: 'Not Found' });
  }
}

/** An RS256 JWT signed by the App's key, issued for its id, not expired. */
function validAppJwt(authorization: string, appId: number, key: KeyObject): boolean {
  const [header, payload, signature] = authorization.replace(/^Bearer /i, '').split('.');
  if (!header || !payload || !signature) return false;
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown; exp?: number };
  return String(claims.iss) === String(appId) && (claims.exp ?? 0) > Date.now() / 1000;
}
