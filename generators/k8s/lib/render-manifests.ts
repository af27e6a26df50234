import type { ReadyModel } from '@ready-tools/config';
import type { RuleGroup } from '../../utils/alert-rules';
import type { EnvVarSpec } from '../../utils/env-vars';
import { splitEnvVars } from './build-config-map';
import { planEnvironments } from './plan-environments';
import { renderBase } from './render-base';
import { renderOverlay } from './render-overlay';

/** Where the manifests live, relative to the project root. */
export const K8S_DIR = 'deploy/k8s';

/**
 * Every Kustomize file of the service (paths relative to deploy/k8s) and the warnings about
 * config that makes a production-readiness item impossible.
 */
export function renderK8sManifests(model: ReadyModel, marker: string, envVars: EnvVarSpec[], ruleGroups: RuleGroup[]): { files: Record<string, string>; warnings: string[] } {
  const { plans, warnings } = planEnvironments(model);
  for (const v of splitEnvVars(envVars).missing) {
    warnings.push(`${v.name} is required, has no default and is not secret, so no generated manifest sets it; the pods will not start until a ConfigMap patch of your own provides it.`);
  }
  const files = { ...renderBase(model, marker, envVars, ruleGroups) };
  for (const plan of plans) Object.assign(files, renderOverlay(model, plan, marker, envVars));
  return { files, warnings };
}
