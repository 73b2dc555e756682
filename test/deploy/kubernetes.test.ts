import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IConfigMap, IContainer, IPersistentVolumeClaim, IService, IVolume } from 'kubernetes-models/v1';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_KEYS, loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { cli } from '../helpers/cli.js';
import { configArg, configMapData, deployments, mainContainer, named, ofKind, podSpec, selectedDeployments, selects, services } from './kube-objects.js';
import { schemaProblems } from './kubernetes-schemas.js';
import { kustomize, requireKubectl, type KubeObject } from './kustomize.js';

/**
 * deploy/kubernetes as `kubectl kustomize` renders each overlay: schema-valid objects whose references resolve,
 * pods hardened and probed as the README promises, and a configuration agentic-sdlc itself accepts: every
 * variable one it reads, the ConfigMap's agentic-sdlc.yaml loaded by loadConfig, its workflows by `validate`.
 */

const OVERLAYS = ['single', 'scaled'] as const;
/** The Secret the manifests read and docs/deploy-kubernetes.md tells operators to create. */
const SECRET = 'agentic-sdlc';
const tmp = mkdtempSync(join(tmpdir(), 'agentic-sdlc-k8s-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const kubectl = await requireKubectl();

/** Values a Secret could hold, shaped as each variable needs (APP_ID a number, URLs with their scheme, tokens long enough). */
function placeholder(name: string): string {
  if (name === 'DATABASE_URL') return 'postgres://agentic:secret@postgres:5432/agentic_sdlc';
  if (name === 'REDIS_URL') return 'redis://redis:6379';
  if (name === 'AGENTIC_SDLC_CALLBACK_SECRET') return `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  return ENV_KEYS.find((key) => key.env === name)?.type === 'number' ? '123456' : 's'.repeat(40);
}

/** The configuration a container starts with: the mounted agentic-sdlc.yaml it is pointed at, and its variables. */
function effectiveConfig(objects: KubeObject[], volumes: IVolume[], container: IContainer): Config {
  const path = configArg(container);
  const mount = container.volumeMounts?.find((candidate) => candidate.mountPath === path);
  const configMap = volumes.find((volume) => volume.name === mount?.name)?.configMap?.name;
  if (!path || !mount?.subPath || !configMap) throw new Error(`${container.name}: --config ${path} is not a file mounted from a ConfigMap`);
  const file = join(mkdtempSync(join(tmp, 'config-')), 'agentic-sdlc.yaml');
  writeFileSync(file, configMapData(objects, configMap, mount.subPath));
  const env = Object.fromEntries((container.env ?? []).map(({ name }) => [name, placeholder(name)]));
  return loadConfig({ file, env, cwd: dirname(file) });
}

function writableMount(container: IContainer, volumes: IVolume[], path: string): IVolume | undefined {
  const mount = container.volumeMounts?.find((candidate) => !candidate.readOnly && (path === candidate.mountPath || path.startsWith(`${candidate.mountPath}/`)));
  return volumes.find((volume) => volume.name === mount?.name && (volume.emptyDir || volume.persistentVolumeClaim));
}

describe.skipIf(!kubectl).each(OVERLAYS)('deploy/kubernetes/overlays/%s', (overlay) => {
  let objects: KubeObject[] = [];
  beforeAll(async () => {
    objects = await kustomize(`overlays/${overlay}`);
  });

  it('renders with kubectl kustomize, every object valid against the Kubernetes 1.27 and Prometheus Operator schemas', () => {
    expect(objects.map((object) => object.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'Ingress', 'PodDisruptionBudget', 'ServiceMonitor', 'PrometheusRule', 'ConfigMap']));
    expect(objects.map(schemaProblems).filter(Boolean)).toEqual([]);
    expect(objects.filter((object) => object.metadata.namespace !== 'agentic-sdlc').map((object) => object.metadata.name)).toEqual([]);
  });

  it('references resolve: volumes, ConfigMap keys, claims, Service, PodDisruptionBudget and ServiceMonitor selectors, Ingress backends', () => {
    for (const deployment of deployments(objects)) {
      const spec = podSpec(deployment);
      for (const mount of mainContainer(deployment).volumeMounts ?? []) {
        const volume = spec.volumes?.find((candidate) => candidate.name === mount.name);
        expect(volume, `${deployment.metadata?.name}: volume ${mount.name}`).toBeDefined();
        if (volume?.configMap && mount.subPath) expect(() => configMapData(objects, volume.configMap!.name!, mount.subPath!)).not.toThrow();
        else if (volume?.configMap) expect(() => named(objects, 'ConfigMap', volume.configMap!.name!)).not.toThrow();
        if (volume?.persistentVolumeClaim) expect(() => named(objects, 'PersistentVolumeClaim', volume.persistentVolumeClaim!.claimName)).not.toThrow();
      }
      expect(ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').filter((pdb) => selects(pdb.spec?.selector?.matchLabels, deployment.spec!.template.metadata?.labels)), `a PodDisruptionBudget for ${deployment.metadata?.name}`).toHaveLength(1);
    }
    for (const service of services(objects)) {
      const selected = selectedDeployments(objects, service.spec?.selector);
      expect(selected.length, `Service ${service.metadata.name} selects pods`).toBeGreaterThan(0);
      for (const port of service.spec?.ports ?? []) {
        for (const deployment of selected) expect(mainContainer(deployment).ports?.map((p) => p.name), `Service ${service.metadata.name} port ${port.name}`).toContain(port.targetPort);
      }
    }
    // The Ingress reaches serve pods only: a worker answers health and metrics, never webhooks.
    for (const path of ofKind<IIngress>(objects, 'Ingress').flatMap((ingress) => ingress.spec?.rules?.flatMap((rule) => rule.http?.paths ?? []) ?? [])) {
      const backend = named<IService>(objects, 'Service', path.backend.service!.name);
      expect(backend.spec?.ports?.map((port) => port.name)).toContain(path.backend.service!.port!.name);
      expect(selectedDeployments(objects, backend.spec?.selector).map((deployment) => mainContainer(deployment).args?.[0])).toEqual(['serve']);
    }
    // Every Service of the deployment is scraped, on a port it has.
    const [monitor] = ofKind<IServiceMonitor>(objects, 'ServiceMonitor');
    for (const service of services(objects)) {
      expect(selects(monitor!.spec.selector.matchLabels, service.metadata.labels), `ServiceMonitor selects Service ${service.metadata.name}`).toBe(true);
      for (const endpoint of monitor!.spec.endpoints ?? []) expect(service.spec?.ports?.map((port) => port.name)).toContain(endpoint.port);
    }
    expect(monitor!.spec.endpoints?.map((endpoint) => endpoint.path)).toEqual(['/metrics']);
  });

  it('pods run as a non-root user on a read-only root filesystem, /tmp and the state directory on writable volumes', () => {
    for (const deployment of deployments(objects)) {
      const spec = podSpec(deployment);
      const container = mainContainer(deployment);
      const config = effectiveConfig(objects, spec.volumes ?? [], container);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(writableMount(container, spec.volumes ?? [], '/tmp'), `${deployment.metadata?.name}: /tmp`).toBeDefined();
      // The SQLite state and the LLM cache beside it (src/llm/kv-store.ts).
      expect(writableMount(container, spec.volumes ?? [], posix.dirname(config.db)), `${deployment.metadata?.name}: ${config.db}`).toBeDefined();
    }
  });

  it('containers have requests and limits, readiness on /readyz and liveness on /healthz at their port, pods spread over nodes and zones', () => {
    for (const deployment of deployments(objects)) {
      const container = mainContainer(deployment);
      for (const bound of ['requests', 'limits'] as const) {
        expect(Object.keys(container.resources?.[bound] ?? {}).sort(), `${deployment.metadata?.name} ${bound}`).toEqual(['cpu', 'memory']);
      }
      const portNames = container.ports?.map((port) => port.name);
      expect(container.readinessProbe?.httpGet).toMatchObject({ path: '/readyz' });
      expect(container.livenessProbe?.httpGet).toMatchObject({ path: '/healthz' });
      for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) expect(portNames).toContain(probe?.httpGet?.port);
      const labels = deployment.spec!.template.metadata?.labels;
      const spread = podSpec(deployment).topologySpreadConstraints ?? [];
      expect(spread.map((constraint) => constraint.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      for (const constraint of spread) expect(selects(constraint.labelSelector?.matchLabels, labels)).toBe(true);
    }
  });

  it('gives pods longer to stop than the preStop pause plus server.shutdownGraceMs, so runs in flight are handed back before the kill', () => {
    for (const deployment of deployments(objects)) {
      const spec = podSpec(deployment);
      const container = mainContainer(deployment);
      const graceMs = effectiveConfig(objects, spec.volumes ?? [], container).server.shutdownGraceMs;
      const preStop = container.lifecycle?.preStop?.exec?.command;
      const pauseMs = preStop ? Number(preStop[preStop.indexOf('sleep') + 1]) * 1000 : 0;
      expect(Number.isFinite(pauseMs)).toBe(true);
      // 5 s left for closing connections and the store after the grace period.
      expect((spec.terminationGracePeriodSeconds ?? 30) * 1000, `${deployment.metadata?.name}`).toBeGreaterThanOrEqual(pauseMs + graceMs + 5_000);
    }
  });

  it('sets only variables agentic-sdlc reads (ENV_KEYS), its secrets from the Secret agentic-sdlc', () => {
    const known = new Set(ENV_KEYS.map((key) => key.env));
    for (const deployment of deployments(objects)) {
      const container = mainContainer(deployment);
      expect(container.envFrom, 'envFrom would set variables nobody checks').toBeUndefined();
      for (const variable of container.env ?? []) {
        expect(known, `${deployment.metadata?.name}: ${variable.name} is not in ENV_KEYS (src/config/load-config.ts)`).toContain(variable.name);
        if (variable.valueFrom) expect(variable.valueFrom.secretKeyRef).toMatchObject({ name: SECRET, key: variable.name });
      }
      // Required keys are the ones this mode cannot start without; every integration is optional.
      const required = (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef?.optional !== true).map((variable) => variable.name);
      expect(required.sort()).toEqual(overlay === 'scaled' ? ['DATABASE_URL', 'REDIS_URL'] : []);
    }
  });

  it('its agentic-sdlc.yaml loads with the pods\' variables, points at the mounted workflows and state, and `agentic-sdlc validate` accepts the workflows', async () => {
    const validated = new Set<string>();
    for (const deployment of deployments(objects)) {
      const spec = podSpec(deployment);
      const container = mainContainer(deployment);
      const config = effectiveConfig(objects, spec.volumes ?? [], container);
      expect(config.workflows.dirs.length).toBeGreaterThan(0);
      for (const dir of config.workflows.dirs) {
        const mount = container.volumeMounts?.find((candidate) => candidate.mountPath === dir);
        const name = spec.volumes?.find((volume) => volume.name === mount?.name)?.configMap?.name;
        expect(name, `${dir} is mounted from a ConfigMap`).toBeDefined();
        if (validated.has(name!)) continue;
        validated.add(name!);
        const files = named<IConfigMap>(objects, 'ConfigMap', name!).data ?? {};
        const laidOut = mkdtempSync(join(tmp, 'workflows-'));
        for (const [file, text] of Object.entries(files)) writeFileSync(join(laidOut, file), text);
        const result = await cli(['validate', laidOut], { cwd: laidOut, env: { DATABASE_URL: '', REDIS_URL: '', AGENTIC_SDLC_CONFIG: '' } });
        expect(result.stderr).toBe('');
        expect(result).toMatchObject({ code: 0, stdout: `${Object.keys(files).length} workflow${Object.keys(files).length === 1 ? '' : 's'} valid\n` });
      }
    }
  });

  it('serves every webhook route and the REST API through the Ingress, over TLS for every host', () => {
    const [ingress] = ofKind<IIngress>(objects, 'Ingress');
    const serve = named<IDeployment>(objects, 'Deployment', 'agentic-sdlc-serve');
    const config = effectiveConfig(objects, podSpec(serve).volumes ?? [], mainContainer(serve));
    const prefixes = ingress!.spec!.rules!.flatMap((rule) => rule.http!.paths.filter((path) => path.pathType === 'Prefix').map((path) => path.path!));
    for (const route of [config.github.webhookPath, config.slack.path, config.jenkins.webhookPath, '/api/jobs', '/api/workflows/execute']) {
      expect(prefixes.some((prefix) => route === prefix || route.startsWith(`${prefix}/`)), `${route} reaches serve`).toBe(true);
    }
    expect(prefixes.some((prefix) => '/metrics'.startsWith(prefix))).toBe(false);
    const tlsHosts = ingress!.spec!.tls!.flatMap((tls) => tls.hosts ?? []);
    for (const rule of ingress!.spec!.rules!) expect(tlsHosts).toContain(rule.host);
    expect(ingress!.spec!.tls!.every((tls) => tls.secretName)).toBe(true);
  });
});

describe.skipIf(!kubectl)('overlay single: one process on SQLite', () => {
  it('runs one serve replica that executes its own runs, replaced by Recreate, its state on a ReadWriteOnce claim, and no PostgreSQL or Redis', async () => {
    const objects = await kustomize('overlays/single');
    expect(deployments(objects).map((deployment) => deployment.metadata?.name)).toEqual(['agentic-sdlc-serve']);
    const [serve] = deployments(objects);
    const container = mainContainer(serve!);
    expect(serve!.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(container.args?.[0]).toBe('serve');
    expect(container.args).not.toContain('--no-worker');
    const config = effectiveConfig(objects, podSpec(serve!).volumes ?? [], container);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    const state = writableMount(container, podSpec(serve!).volumes ?? [], posix.dirname(config.db));
    expect(state?.persistentVolumeClaim).toBeDefined();
    expect(named<IPersistentVolumeClaim>(objects, 'PersistentVolumeClaim', state!.persistentVolumeClaim!.claimName).spec?.accessModes).toEqual(['ReadWriteOnce']);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
  });
});

describe.skipIf(!kubectl)('overlay scaled: serve and workers on PostgreSQL and Redis', () => {
  it('runs 2+ serve --no-worker replicas and a worker Deployment with the same image, configuration and variables', async () => {
    const objects = await kustomize('overlays/scaled');
    const serve = named<IDeployment>(objects, 'Deployment', 'agentic-sdlc-serve');
    const worker = named<IDeployment>(objects, 'Deployment', 'agentic-sdlc-worker');
    expect(serve.spec?.replicas).toBeGreaterThanOrEqual(2);
    expect(serve.spec?.strategy).toMatchObject({ rollingUpdate: { maxUnavailable: 0 } });
    expect(mainContainer(serve).args?.slice(0, 2)).toEqual(['serve', '--no-worker']);
    expect(mainContainer(worker).args?.[0]).toBe('worker');
    const shared = (container: IContainer) => ({
      image: container.image,
      config: configArg(container),
      env: [...(container.env ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
      mounts: container.volumeMounts,
      ports: container.ports,
    });
    expect(shared(mainContainer(worker))).toEqual(shared(mainContainer(serve)));
    expect(podSpec(worker).volumes?.map((volume) => volume.name)).toEqual(podSpec(serve).volumes?.map((volume) => volume.name));
    for (const deployment of [serve, worker]) {
      const config = effectiveConfig(objects, podSpec(deployment).volumes ?? [], mainContainer(deployment));
      expect(config.databaseUrl).toMatch(/^postgres:/);
      expect(config.redisUrl).toMatch(/^redis:/);
    }
  });

  it('scales workers on CPU with a HorizontalPodAutoscaler that owns their replica count', async () => {
    const objects = await kustomize('overlays/scaled');
    const [hpa, ...others] = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
    expect(others).toEqual([]);
    expect(hpa!.spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'agentic-sdlc-worker' });
    expect(hpa!.spec!.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa!.spec!.maxReplicas).toBeGreaterThan(hpa!.spec!.minReplicas!);
    expect(hpa!.spec!.metrics).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
    // A replica count in the Deployment would reset the autoscaler's at every `kubectl apply`.
    expect(named<IDeployment>(objects, 'Deployment', 'agentic-sdlc-worker').spec?.replicas).toBeUndefined();
  });
});
