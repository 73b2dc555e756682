import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/**
 * `kubectl kustomize <dir>` as an operator runs it, parsed into objects. kubectl is on this project's machines
 * (and so in CI); where it is missing the suite fails under CI=true (CI must not pass by skipping) and is
 * skipped elsewhere, with a name that says what to install.
 */

export const KUBERNETES_DIR = join(import.meta.dirname, '../../deploy/kubernetes');

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Whether kubectl answers; false (the suite skips) when it is missing outside CI. */
export async function requireKubectl(): Promise<boolean> {
  const problem = await run(['version', '--client']).then(
    () => undefined,
    (error: Error) => error.message,
  );
  if (!problem) return true;
  const message = `kubectl is not usable (${problem}): install kubectl 1.24 or later (its kustomize v4.5+ renders components and labels) to render deploy/kubernetes`;
  if (process.env.CI) throw new Error(`${message} (CI=true: the Kubernetes manifests must be rendered, not skipped)`);
  it.skip(`skipped: ${message}`, () => undefined);
  return false;
}

/** The objects `kubectl kustomize` renders from `dir` (relative to deploy/kubernetes). */
export async function kustomize(dir: string): Promise<KubeObject[]> {
  const text = await run(['kustomize', join(KUBERNETES_DIR, dir)]);
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length) throw new Error(`kubectl kustomize ${dir}: document ${index}: ${document.errors[0]!.message}`);
    return document.toJS() as KubeObject;
  });
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', args, { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}
