import type { ReadyModel } from '@ready-tools/config';
import { buildHorizontalPodAutoscaler, buildPodDisruptionBudget } from './build-autoscaling';
import type { RuleGroup } from '../../utils/alert-rules';
import type { EnvVarSpec } from '../../utils/env-vars';
import { buildConfigMap } from './build-config-map';
import { buildDeployment } from './build-deployment';
import { buildServiceMonitor, buildPrometheusRule } from './build-monitoring';
import { buildNetworkPolicy, egressRules } from './build-network-policy';
import { buildService, buildServiceAccount } from './build-service';
import { renderYaml } from './render-yaml';

export const KUSTOMIZATION_API = 'kustomize.config.k8s.io/v1beta1';

/** `base/`: one file per object kind, plus its kustomization. Paths are relative to deploy/k8s. */
export function renderBase(model: ReadyModel, marker: string, envVars: EnvVarSpec[], ruleGroups: RuleGroup[]): Record<string, string> {
  const objects: Record<string, string> = {
    'service-account.yaml': renderYaml(buildServiceAccount(model), marker),
    'config-map.yaml': renderYaml(buildConfigMap(model, envVars), marker),
    'deployment.yaml': renderYaml(buildDeployment(model, envVars), marker),
    'service.yaml': renderYaml(buildService(model), marker),
    'hpa.yaml': renderYaml(buildHorizontalPodAutoscaler(model), marker),
    'pdb.yaml': renderYaml(buildPodDisruptionBudget(model), marker),
    'network-policy.yaml': renderYaml(
      buildNetworkPolicy(model),
      marker,
      egressRules(model).map((r, i) => ({ path: ['spec', 'egress', i], comment: r.comment })),
    ),
    'service-monitor.yaml': renderYaml(buildServiceMonitor(model), marker),
    'prometheus-rule.yaml': renderYaml(buildPrometheusRule(model, ruleGroups), marker),
  };
  const kustomization = { apiVersion: KUSTOMIZATION_API, kind: 'Kustomization', resources: Object.keys(objects) };
  const files: Record<string, string> = { 'base/kustomization.yaml': renderYaml(kustomization, marker) };
  for (const [file, text] of Object.entries(objects)) files[`base/${file}`] = text;
  return files;
}
