import { z } from 'zod';
import { globsInclude } from '../../engine/globs.js';
import { didYouMean } from '../../engine/suggest.js';
import { defineTriggerKind, stringList, toList, type Finding } from '../../engine/trigger-kind.js';

export const JENKINS_STATUSES = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED'] as const;
/** The Notification plugin's phases, in the order a build goes through them. */
export const JENKINS_PHASES = ['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED'] as const;

/** `on.jenkins`, normalized. */
export interface JenkinsTrigger {
  status?: string[];
  job?: string[];
  phase?: string[];
}

/** What a Jenkins build event carries besides the neutral fields: `event.details.jenkins`. */
export interface JenkinsBuildDetails {
  /** The build result: `SUCCESS`, `FAILURE`, ...; absent while the build has none (QUEUED, STARTED). */
  status?: string;
  /** The job name (`folder/app` for jobs in folders). */
  job?: string;
  /** The build number. */
  build?: number;
  /** `QUEUED`, `STARTED`, `COMPLETED` or `FINALIZED`; also `event.action`. */
  phase?: string;
  /** The build's URL: absolute, or relative to JENKINS_URL when Jenkins has no root URL configured. */
  url?: string;
  /** The commit SHA that was built. */
  commit?: string;
  /** The branch that was built, without `origin/`; also `event.branch`. */
  branch?: string;
  /** The pull request the build is for; also `event.number`. */
  pr?: number;
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
  phase: stringList(`Notification phases (${JENKINS_PHASES.join(', ')}); case-insensitive. Any phase when absent.`).optional(),
});

const sameWord = (list: readonly string[], value: string | undefined) => value !== undefined && list.some((item) => item.toUpperCase() === value.toUpperCase());

/**
 * `on.jenkins`: `status` lists the build result, `phase` the notification phase (both case-insensitive), and
 * `job` globs match the job name, all read from `event.details.jenkins`. Events come from the Jenkins webhook
 * (`src/integrations/jenkins/`); a build that has no result yet never matches a `status` filter.
 */
export const jenkinsTriggerKind = defineTriggerKind<z.output<typeof jenkinsBlock>, JenkinsTrigger>({
  name: 'jenkins',
  description: 'Jenkins build notifications (Notification plugin or a Jenkinsfile httpRequest), by status, job and phase.',
  on: jenkinsBlock,
  normalize(block) {
    const trigger: JenkinsTrigger = {};
    if (block.status !== undefined) trigger.status = toList(block.status);
    if (block.job !== undefined) trigger.job = toList(block.job);
    if (block.phase !== undefined) trigger.phase = toList(block.phase);
    return trigger;
  },
  matches({ status, job, phase }, event) {
    const build = event.details?.jenkins;
    if (status && !sameWord(status, build?.status)) return false;
    if (phase && !sameWord(phase, build?.phase ?? event.action)) return false;
    if (job && !(build?.job !== undefined && globsInclude(job, build.job))) return false;
    return true;
  },
  check(block) {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) return [];
    const fields = block as Record<string, unknown>;
    return [...unknownWords(fields.status, 'status', 'Jenkins status', JENKINS_STATUSES), ...unknownWords(fields.phase, 'phase', 'Jenkins phase', JENKINS_PHASES)];
  },
});

/** A did-you-mean finding for each entry of a string-or-list field that is not one of `known`. */
function unknownWords(field: unknown, key: string, what: string, known: readonly string[]): Finding[] {
  const entries: Array<[unknown, Finding['path']]> =
    typeof field === 'string' ? [[field, [key]]] : Array.isArray(field) ? field.map((value, i) => [value, [key, i]]) : [];
  const findings: Finding[] = [];
  for (const [value, path] of entries) {
    if (typeof value !== 'string' || known.includes(value.toUpperCase())) continue;
    const suggestion = didYouMean(value, known);
    findings.push({ path, message: `unknown ${what} '${value}'; ${suggestion ? `did you mean ${suggestion}?` : `expected one of ${known.join(', ')}`}` });
  }
  return findings;
}
