import { createHash } from 'node:crypto';
import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';
import { environmentConfigData, environmentConfigPatch } from './build-config-map';
import { containerResources } from './build-deployment';
import { buildIngress } from './build-ingress';
import { INSTANCE_LABEL, instanceName, VERSION_LABEL } from './labels';
import type { EnvironmentPlan } from './plan-environments';
import { KUSTOMIZATION_API } from './render-base';
import { renderYaml } from './render-yaml';

/** The first tag of every overlay; CI replaces it with the git SHA (see the k8s docs). Never `latest`. */
export const INITIAL_IMAGE_TAG = '0.0.0';

/** Pod template annotation that changes whenever the environment's ConfigMap does, so pods roll. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

function configChecksum(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(Object.entries(data).sort())).digest('hex').slice(0, 16);
}

/** `overlays/<env>/`: namespace, instance and version labels, image tag, and patches for what the environment changes. */
export function renderOverlay(model: ReadyModel, plan: EnvironmentPlan, marker: string, envVars: EnvVarSpec[]): Record<string, string> {
  const name = model.names.kebab;

  const objects: Record<string, unknown> = {};
  if (plan.ingressHost) objects['ingress.yaml'] = buildIngress(model, plan.ingressHost);

  const patches: Record<string, unknown> = {
    'deployment-patch.yaml': {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        template: {
          metadata: { annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(environmentConfigData(model, plan, envVars)) } },
          spec: { containers: [{ name, resources: containerResources(plan.cpu, plan.memory) }] },
        },
      },
    },
    'hpa-patch.yaml': {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name },
      spec: { minReplicas: plan.minReplicas, maxReplicas: plan.maxReplicas },
    },
    'config-map-patch.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: environmentConfigPatch(model, plan) },
  };

  const kustomization = {
    apiVersion: KUSTOMIZATION_API,
    kind: 'Kustomization',
    // Namespaces are owned by the platform (quotas, policies); the overlay only targets one.
    namespace: plan.namespace,
    resources: ['../../base', ...Object.keys(objects)],
    labels: [
      { pairs: { [INSTANCE_LABEL]: instanceName(model, plan.name) }, includeSelectors: true },
      { pairs: { [VERSION_LABEL]: INITIAL_IMAGE_TAG }, includeSelectors: false, includeTemplates: true },
    ],
    images: [{ name: model.image, newTag: INITIAL_IMAGE_TAG }],
    patches: Object.keys(patches).map((path) => ({ path })),
  };

  const dir = `overlays/${plan.name}`;
  const files: Record<string, string> = { [`${dir}/kustomization.yaml`]: renderYaml(kustomization, marker) };
  for (const [file, value] of Object.entries({ ...objects, ...patches })) files[`${dir}/${file}`] = renderYaml(value, marker);
  return files;
}
