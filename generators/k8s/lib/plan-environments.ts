import type { ReadyModel } from '@ready-tools/config';

/** The smallest HPA minimum that keeps a replica serving while another is evicted or rolled. */
export const MIN_HA_REPLICAS = 2;

export interface EnvironmentPlan {
  name: string;
  namespace: string;
  minReplicas: number;
  maxReplicas: number;
  cpu: string;
  memory: string;
  logLevel?: string;
  ingressHost?: string;
}

/**
 * What each overlay renders, with the replica bounds the rubric needs (HPA min ≥ 2, max > min).
 * Config that makes an item impossible is adjusted to the nearest valid value and reported as a
 * warning rather than refused: the manifests stay deployable and the team sees why.
 */
export function planEnvironments(model: ReadyModel): { plans: EnvironmentPlan[]; warnings: string[] } {
  const warnings: string[] = [];
  const plans = model.environments.map((env, i) => {
    const where = `deploy.environments[${i}] (${env.name})`;
    let minReplicas = env.replicas.min;
    let maxReplicas = env.replicas.max;
    if (minReplicas < MIN_HA_REPLICAS) {
      warnings.push(
        `${where}: replicas.min is ${minReplicas}; the HPA uses ${MIN_HA_REPLICAS} so a rollout or node drain never takes the service down.`,
      );
      minReplicas = MIN_HA_REPLICAS;
    }
    if (maxReplicas < minReplicas) maxReplicas = minReplicas;
    if (maxReplicas <= minReplicas) {
      warnings.push(
        `${where}: replicas.max (${env.replicas.max}) is not above the HPA minimum (${minReplicas}); the HPA cannot scale out. Raise replicas.max.`,
      );
    }
    return {
      name: env.name,
      namespace: env.namespace,
      minReplicas,
      maxReplicas,
      cpu: env.resources.cpu,
      memory: env.resources.memory,
      logLevel: env.logLevel,
      ingressHost: env.ingressHost,
    };
  });
  return { plans, warnings };
}
