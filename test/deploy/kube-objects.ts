import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IConfigMap, IContainer, IPodSpec, IService } from 'kubernetes-models/v1';
import type { KubeObject } from './kustomize.js';

/** Typed views of rendered objects, and the questions the Kubernetes tests ask of them. */

export function ofKind<T>(objects: KubeObject[], kind: string): (T & KubeObject)[] {
  return objects.filter((object) => object.kind === kind) as (T & KubeObject)[];
}

export function named<T>(objects: KubeObject[], kind: string, name: string): T & KubeObject {
  const found = ofKind<T>(objects, kind).find((object) => object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} among the rendered objects`);
  return found;
}

export const deployments = (objects: KubeObject[]) => ofKind<IDeployment>(objects, 'Deployment');

export function podSpec(deployment: IDeployment): IPodSpec {
  return deployment.spec!.template.spec!;
}

/** The agentic-sdlc container: the only one in each pod. */
export function mainContainer(deployment: IDeployment): IContainer {
  const containers = podSpec(deployment).containers;
  if (containers.length !== 1) throw new Error(`Deployment ${deployment.metadata?.name}: expected one container, found ${containers.length}`);
  return containers[0]!;
}

/** Whether a `matchLabels` (or Service) selector selects these labels; an empty selector selects nothing here. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const pairs = Object.entries(selector ?? {});
  return pairs.length > 0 && pairs.every(([key, value]) => labels?.[key] === value);
}

/** The Deployments whose pods a selector picks. */
export function selectedDeployments(objects: KubeObject[], selector: Record<string, string> | undefined): IDeployment[] {
  return deployments(objects).filter((deployment) => selects(selector, deployment.spec!.template.metadata?.labels));
}

export function services(objects: KubeObject[]): (IService & KubeObject)[] {
  return ofKind<IService>(objects, 'Service');
}

/** The text of one key of a rendered ConfigMap. */
export function configMapData(objects: KubeObject[], name: string, key: string): string {
  const data = named<IConfigMap>(objects, 'ConfigMap', name).data ?? {};
  if (data[key] === undefined) throw new Error(`ConfigMap ${name} has no key ${key} (keys: ${Object.keys(data).join(', ')})`);
  return data[key];
}

/** The arguments after `--config`, or undefined. */
export function configArg(container: IContainer): string | undefined {
  const args = container.args ?? [];
  const at = args.indexOf('--config');
  return at < 0 ? undefined : args[at + 1];
}
