import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * GitHub's REST API as far as `agentic-sdlc action` uses it, on a local port: the CLI runs in a child process,
 * where nock cannot reach, so this answers over HTTP as GITHUB_API_URL. It keeps the state a second run must
 * see (comments, review comments, check runs), records every call, and refuses a call without the job token.
 * Payloads follow the REST API's shapes (the fields the code reads, and the usual ones around them).
 */

export interface Call {
  method: string;
  /** Decoded path: `/repos/Codertocat/Hello-World/contents/.github/agentic-sdlc.yml`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  /** Answered 404 because no route matched (a call the test did not expect). */
  unrouted: boolean;
}

export interface PullFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  patch: string;
}

export interface FakeGithub {
  url: string;
  calls: Call[];
  /** The pull request's changed files, as `GET …/pulls/{n}/files` lists them; tests change them between runs. */
  files: PullFile[];
  /** Calls (`POST /repos/…/check-runs`) answered 403 as for a read-only token (a pull request from a fork). */
  refuse: RegExp | undefined;
  /** Every user's role on the repository (`GET …/collaborators/{user}/permission`), for `/sdlc` commands. */
  permission: 'admin' | 'write' | 'read';
  /** The repository's `.github/agentic-sdlc.yml` (its default branch's), or none. */
  repoConfig: string | undefined;
  comments: Record<string, unknown>[];
  reviewComments: Record<string, unknown>[];
  close(): Promise<void>;
}

const BOT = { login: 'github-actions[bot]', id: 41898282, node_id: 'MDM6Qm90NDE4OTgyODI=', type: 'Bot', site_admin: false, html_url: 'https://github.com/apps/github-actions' };

type Route = (match: RegExpExecArray, call: Call) => [number, unknown] | undefined;

export async function startFakeGithub(options: { repo: string; token: string; pull: Record<string, unknown> }): Promise<FakeGithub> {
  const fake: FakeGithub = { url: '', calls: [], files: [], refuse: undefined, permission: 'admin', repoConfig: undefined, comments: [], reviewComments: [], close: () => Promise.resolve() };
  const web = `https://github.com/${options.repo}`;
  let nextId = 1000;
  const stamp = () => new Date().toISOString();
  const routes: [string, RegExp, Route][] = [
    // The raw media type (what the config plugin asks for) answers with the file's text.
    ['GET', new RegExp(`^/repos/${options.repo}/contents/\\.github/agentic-sdlc\\.yml$`), () => (fake.repoConfig === undefined ? undefined : [200, fake.repoConfig])],
    // No `.github/agentic-sdlc.yml` otherwise, in the repository or in its owner's `.github` repository.
    ['GET', /^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/, () => [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content', status: '404' }]],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/, () => [200, options.pull]],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/, (m) => [200, { permission: fake.permission, role_name: fake.permission, user: { login: m[1], type: 'User' } }]],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/, () => [200, fake.files.map(pullFile)]],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, () => [200, fake.comments]],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, (m, call) => {
      const id = nextId++;
      const comment = { id, node_id: `IC_${id}`, html_url: `${web}/pull/${m[1]}#issuecomment-${id}`, issue_url: `${web}/issues/${m[1]}`, body: (call.body as { body: string }).body, user: BOT, created_at: stamp(), updated_at: stamp(), author_association: 'NONE', performed_via_github_app: null };
      fake.comments.push(comment);
      return [201, comment];
    }],
    ['PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/, (m, call) => {
      const comment = fake.comments.find((c) => c.id === Number(m[1]));
      if (!comment) return undefined;
      Object.assign(comment, { body: (call.body as { body: string }).body, updated_at: stamp() });
      return [200, comment];
    }],
    ['GET', /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/, () => [200, fake.reviewComments]],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/, (m, call) => {
      const id = nextId++;
      const body = call.body as { body: string; commit_id?: string; comments?: { path: string; line: number; body: string }[] };
      for (const comment of body.comments ?? []) {
        const commentId = nextId++;
        fake.reviewComments.push({ id: commentId, pull_request_review_id: id, path: comment.path, line: comment.line, side: 'RIGHT', body: comment.body, user: BOT, commit_id: body.commit_id, html_url: `${web}/pull/${m[1]}#discussion_r${commentId}` });
      }
      return [200, { id, node_id: `PRR_${id}`, user: BOT, body: body.body, state: 'COMMENTED', commit_id: body.commit_id, html_url: `${web}/pull/${m[1]}#pullrequestreview-${id}`, submitted_at: stamp() }];
    }],
    ['POST', /^\/repos\/[^/]+\/[^/]+\/check-runs$/, (_m, call) => {
      const id = nextId++;
      return [201, { id, head_sha: (call.body as { head_sha: string }).head_sha, html_url: `${web}/runs/${id}`, ...(call.body as object), started_at: stamp() }];
    }],
    ['PATCH', /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/, (m, call) => [200, { id: Number(m[1]), html_url: `${web}/runs/${m[1]}`, ...(call.body as object) }]],
  ];

  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const path = decodeURIComponent(url.pathname);
      const body: unknown = text ? JSON.parse(text) : undefined;
      const call: Call = { method: request.method ?? 'GET', path, query: Object.fromEntries(url.searchParams), body, authorization: request.headers.authorization, unrouted: false };
      fake.calls.push(call);
      if (call.authorization !== `token ${options.token}`) return send(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      if (fake.refuse?.test(`${call.method} ${path}`)) {
        return send(response, 403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run', status: '403' });
      }
      for (const [method, pattern, route] of routes) {
        const match = method === call.method ? pattern.exec(path) : null;
        const answer = match ? route(match, call) : undefined;
        if (answer) return send(response, ...answer);
      }
      call.unrouted = true;
      return send(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;

  function pullFile(file: PullFile) {
    const sha = '5f0e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b';
    return { sha, changes: file.additions + file.deletions, blob_url: `${web}/blob/${sha}/${file.filename}`, raw_url: `${web}/raw/${sha}/${file.filename}`, ...file };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (typeof body === 'string') {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-github-media-type': 'github.v3; param=raw' });
    return void response.end(body);
  }
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json' });
  response.end(JSON.stringify(body));
}
