import { environmentSchema, type ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';
import { splitEnvVars } from './build-config-map';
import { baseLabels, baseMetadata, baseSelector, VERSION_LABEL } from './labels';
import { cpuLimit, EPHEMERAL_STORAGE_LIMIT, EPHEMERAL_STORAGE_REQUEST, TMP_SIZE_LIMIT } from './quantities';
import { shutdownTiming } from './shutdown-timing';

/** uid/gid above 10000 so they never collide with a node's own users (kube-score, polaris). */
export const RUN_AS_ID = 10001;

/** The resources of an environment that sets none; overlays always patch their own. */
export function defaultResources(): { cpu: string; memory: string } {
  return environmentSchema.parse({ name: 'base' }).resources;
}

/** requests + limits: memory request == limit (no overcommit, OOM is predictable), ephemeral storage bounded. */
export function containerResources(cpu: string, memory: string) {
  return {
    requests: { cpu, memory, 'ephemeral-storage': EPHEMERAL_STORAGE_REQUEST },
    limits: { cpu: cpuLimit(cpu), memory, 'ephemeral-storage': EPHEMERAL_STORAGE_LIMIT },
  };
}

function containerEnv(model: ReadyModel, envVars: EnvVarSpec[]) {
  const { secrets, version } = splitEnvVars(envVars);
  const env: Record<string, unknown>[] = [];
  if (version) env.push({ name: version.name, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${VERSION_LABEL}']` } } });
  for (const v of secrets) {
    // Values live only in the cluster's Secret; a missing required key keeps the pod from starting.
    env.push({ name: v.name, valueFrom: { secretKeyRef: { name: model.names.kebab, key: v.name, ...(v.required ? {} : { optional: true }) } } });
  }
  return env;
}

/** Startup gates the others; readiness is quick to pull a pod out, liveness is slow to restart it. */
function probes() {
  const get = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    startupProbe: { ...get('/health/startup'), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30 },
    readinessProbe: { ...get('/health/ready'), periodSeconds: 5, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 2 },
    livenessProbe: { ...get('/health/live'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
  };
}

/**
 * The Deployment. No `replicas`: the HPA owns the count, and a replicas field would reset it on
 * every apply.
 */
export function buildDeployment(model: ReadyModel, envVars: EnvVarSpec[]) {
  const name = model.names.kebab;
  const timing = shutdownTiming(model);
  const selector = baseSelector(model);
  const resources = defaultResources();
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: baseMetadata(model),
    spec: {
      revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: baseLabels(model) },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: timing.terminationGracePeriodSeconds,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS_ID,
            runAsGroup: RUN_AS_ID,
            fsGroup: RUN_AS_ID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
            // ScheduleAnyway: a small cluster still schedules a surge pod instead of blocking the rollout.
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } } },
              ],
            },
          },
          containers: [
            {
              name,
              image: `${model.image}:0.0.0`,
              imagePullPolicy: 'Always',
              ports: [{ name: 'http', containerPort: model.http.port, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name } }],
              env: containerEnv(model, envVars),
              ...probes(),
              // SIGTERM arrives only after this sleep, once endpoints and ingress controllers have dropped the pod.
              lifecycle: { preStop: { sleep: { seconds: timing.preStopSeconds } } },
              resources: containerResources(resources.cpu, resources.memory),
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: RUN_AS_ID,
                runAsGroup: RUN_AS_ID,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: TMP_SIZE_LIMIT } }],
        },
      },
    },
  };
}
