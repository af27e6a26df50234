import { environmentSchema, type ReadyModel } from '@ready-tools/config';
import { baseMetadata, baseSelector } from './labels';
import { MIN_HA_REPLICAS } from './plan-environments';

export const CPU_TARGET_UTILIZATION = 70;

/** Replica bounds of the base; every overlay patches its own. */
function defaultReplicas() {
  const { min, max } = environmentSchema.parse({ name: 'base' }).replicas;
  const minReplicas = Math.max(min, MIN_HA_REPLICAS);
  return { minReplicas, maxReplicas: Math.max(max, minReplicas + 1) };
}

export function buildHorizontalPodAutoscaler(model: ReadyModel) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: baseMetadata(model),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: model.names.kebab },
      ...defaultReplicas(),
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: CPU_TARGET_UTILIZATION } } }],
      // Scale out at once, scale in slowly: a short dip must not shed capacity the next spike needs.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
  };
}

/** maxUnavailable 1 allows one voluntary eviction at a time and stays satisfiable at any replica count. */
export function buildPodDisruptionBudget(model: ReadyModel) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: baseMetadata(model),
    spec: { maxUnavailable: 1, selector: { matchLabels: baseSelector(model) } },
  };
}
