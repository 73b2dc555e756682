import { z } from 'zod';
import { globsInclude } from '../../engine/globs.js';
import { didYouMean } from '../../engine/suggest.js';
import { defineTriggerKind, stringList, toList, type Finding } from '../../engine/trigger-kind.js';

export const JENKINS_STATUSES = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED'] as const;

/** `on.jenkins`, normalized. */
export interface JenkinsTrigger {
  status?: string[];
  job?: string[];
}

/** What a Jenkins build event carries besides the neutral fields: `event.details.jenkins`. */
export interface JenkinsBuildDetails {
  /** The build result: `SUCCESS`, `FAILURE`, ... */
  status?: string;
  /** The job name. */
  job?: string;
}

declare module '../../engine/workflow.js' {
  interface WorkflowTriggers {
    jenkins?: JenkinsTrigger;
  }
}

declare module '../../engine/trigger-event.js' {
  interface TriggerDetails {
    jenkins?: JenkinsBuildDetails;
  }
}

const jenkinsBlock = z.strictObject({
  status: stringList(`Build results (${JENKINS_STATUSES.join(', ')}); case-insensitive.`).optional(),
  job: stringList('Job-name globs; `!pattern` excludes.').optional(),
});

/**
 * `on.jenkins`: `status` lists the build result (case-insensitive) and `job` globs match the job name, both
 * read from `event.details.jenkins`. Nothing listens for Jenkins yet (a later increment): workflows may declare
 * it and it validates.
 */
export const jenkinsTriggerKind = defineTriggerKind<z.output<typeof jenkinsBlock>, JenkinsTrigger>({
  name: 'jenkins',
  description: 'Jenkins build results (validated; no Jenkins integration listens yet).',
  on: jenkinsBlock,
  normalize(block) {
    const trigger: JenkinsTrigger = {};
    if (block.status !== undefined) trigger.status = toList(block.status);
    if (block.job !== undefined) trigger.job = toList(block.job);
    return trigger;
  },
  matches({ status, job }, event) {
    const build = event.details?.jenkins;
    if (status && !(build?.status !== undefined && status.some((s) => s.toUpperCase() === build.status?.toUpperCase()))) return false;
    if (job && !(build?.job !== undefined && globsInclude(job, build.job))) return false;
    return true;
  },
  check(block) {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) return [];
    const status = (block as Record<string, unknown>).status;
    const entries: Array<[unknown, Finding['path']]> =
      typeof status === 'string' ? [[status, ['status']]] : Array.isArray(status) ? status.map((s, i) => [s, ['status', i]]) : [];
    const findings: Finding[] = [];
    for (const [value, path] of entries) {
      if (typeof value !== 'string' || (JENKINS_STATUSES as readonly string[]).includes(value.toUpperCase())) continue;
      const suggestion = didYouMean(value, JENKINS_STATUSES);
      findings.push({
        path,
        message: `unknown Jenkins status '${value}'; ${suggestion ? `did you mean ${suggestion}?` : `expected one of ${JENKINS_STATUSES.join(', ')}`}`,
      });
    }
    return findings;
  },
});
