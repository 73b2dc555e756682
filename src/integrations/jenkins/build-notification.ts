import { z } from 'zod';
import { JENKINS_PHASES } from './trigger-kind.js';
import { repoFromScmUrl } from './scm-repo.js';

/**
 * What the Jenkins webhook accepts, one zod schema per shape, and the one `BuildNotification` both become:
 * (1) the Notification plugin's JSON (`{ name, url, build: { number, phase, status?, full_url, scm } }`;
 * `status` is absent until the build has a result), and (2) the simple JSON a Jenkinsfile `post` block sends
 * with the `httpRequest` step (docs/jenkins.md). Jenkins environment values are strings (`env.BUILD_NUMBER`,
 * `env.CHANGE_ID`), so numbers may come as digit strings.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const count = z.union([z.int().positive(), z.string().regex(/^[0-9]{1,12}$/).transform(Number)]);
const phase = z.string().transform((value) => value.toUpperCase()).pipe(z.enum(JENKINS_PHASES));
const status = z.string().max(40).transform((value) => value.toUpperCase());

const notificationSchema = z.object({
  name: text(500),
  build: z.object({
    number: count,
    phase,
    status: status.nullish(),
    full_url: text(2000).optional(),
    url: text(2000).optional(),
    scm: z.object({ url: text(2000).optional(), branch: text(500).optional(), commit: text(100).optional() }).optional(),
  }),
});

const simpleSchema = z.object({
  job: text(500),
  build: count,
  status,
  url: text(2000),
  phase: phase.default('FINALIZED'),
  commit: text(100).optional(),
  branch: text(500).optional(),
  pr: count.optional(),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name').optional(),
});

export interface BuildNotification {
  job: string;
  build: number;
  phase: (typeof JENKINS_PHASES)[number];
  status?: string;
  url?: string;
  commit?: string;
  branch?: string;
  pr?: number;
  repo?: string;
}

export type ParsedNotification = { ok: true; notification: BuildNotification } | { ok: false; error: string };

/** Which shape `body` is (a `build` object: the plugin's; a `job`: the simple one), validated and normalized. */
export function parseBuildNotification(body: Record<string, unknown>): ParsedNotification {
  const plugin = typeof body.build === 'object' && body.build !== null;
  if (!plugin && body.job === undefined) {
    return { ok: false, error: 'not a Jenkins build notification: expected the Notification plugin JSON (name, build.number, build.phase) or the simple JSON (job, build, status, url); see docs/jenkins.md' };
  }
  const parsed = plugin ? notificationSchema.safeParse(body) : simpleSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    return { ok: false, error: `${plugin ? 'Notification plugin JSON' : 'simple build JSON'} is missing or has invalid fields: ${problems.join('; ')}` };
  }
  if ('job' in parsed.data) {
    const { job, build, status, url, phase, commit, branch, pr, repo } = parsed.data;
    return { ok: true, notification: withBranch({ job, build, phase, status, url, commit, pr, repo: repo ?? undefined }, branch) };
  }
  const { name, build } = parsed.data;
  const notification: BuildNotification = {
    job: name,
    build: build.number,
    phase: build.phase,
    ...(build.status ? { status: build.status } : {}),
    ...(build.full_url ?? build.url ? { url: build.full_url ?? build.url } : {}),
    ...(build.scm?.commit ? { commit: build.scm.commit } : {}),
    ...(build.scm?.url && repoFromScmUrl(build.scm.url) ? { repo: repoFromScmUrl(build.scm.url) } : {}),
  };
  return { ok: true, notification: withBranch(notification, build.scm?.branch) };
}

/** `origin/main` and `refs/heads/main` → `main`; a multibranch `PR-42` also names the pull request. */
function withBranch(notification: Partial<BuildNotification> & Omit<BuildNotification, 'branch'>, raw: string | undefined): BuildNotification {
  const result = Object.fromEntries(Object.entries(notification).filter(([, value]) => value !== undefined)) as unknown as BuildNotification;
  if (raw === undefined) return result;
  const branch = raw.replace(/^refs\/heads\//, '').replace(/^origin\//, '');
  const pr = /^PR-([0-9]{1,12})$/.exec(branch);
  return { ...result, branch, ...(result.pr === undefined && pr ? { pr: Number(pr[1]) } : {}) };
}
