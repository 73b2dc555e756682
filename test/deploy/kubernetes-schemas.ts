import { ConfigMap, PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { KubeObject } from './kustomize.js';

/**
 * Validation of rendered objects against the Kubernetes OpenAPI schemas (kubernetes-models, Kubernetes 1.27)
 * and the Prometheus Operator's CRD schemas (@kubernetes-models/prometheus-operator), with no cluster. The
 * schemas check types, required fields, enums and patterns; like the API server's default, they let unknown
 * fields through, so the tests also assert the fields that matter are where they should be.
 */
interface Model {
  validate(): void;
}
const MODELS: Record<string, new (data: never) => Model> = {
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/** The schema problems of one object ('' when it is valid); an object of a kind with no schema here is one. */
export function schemaProblems(object: KubeObject): string {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  const where = `${object.kind} ${object.metadata?.name}`;
  if (!Model) return `${where}: no schema for ${object.apiVersion} ${object.kind} in test/deploy/kubernetes-schemas.ts: add its model`;
  try {
    new Model(object as never).validate();
    return '';
  } catch (error) {
    return `${where}: ${(error as Error).message}`;
  }
}
