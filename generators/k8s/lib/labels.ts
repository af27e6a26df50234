import type { ReadyModel } from '@ready-tools/config';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export { VERSION_LABEL } from '../../utils/release';

/**
 * Labels the base puts on every object. `instance` and `version` are per overlay (kustomize `labels:`),
 * so the selector becomes name + instance once an overlay is built.
 */
export function baseLabels(model: ReadyModel): Record<string, string> {
  return {
    [NAME_LABEL]: model.names.kebab,
    'app.kubernetes.io/component': 'api',
    'app.kubernetes.io/part-of': model.names.kebab,
    'app.kubernetes.io/managed-by': 'kustomize',
  };
}

/** What selects the pods in the base; overlays add the instance label to every selector kustomize knows. */
export function baseSelector(model: ReadyModel): Record<string, string> {
  return { [NAME_LABEL]: model.names.kebab };
}

/** One instance per environment: `<name>-<env>`. */
export function instanceName(model: ReadyModel, env: string): string {
  return `${model.names.kebab}-${env}`;
}

/** Standard object metadata of a base object named after the service. */
export function baseMetadata(model: ReadyModel): { name: string; labels: Record<string, string> } {
  return { name: model.names.kebab, labels: baseLabels(model) };
}
