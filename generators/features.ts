import type { Tree } from '@nx/devkit';
import { dependencyEnvFields, ReadyConfigError, type ReadyModel } from '@ready-tools/config';
import { alertsFeature } from './alerts/feature';
import { businessMetricsFeature } from './business-metrics/feature';
import { alertSet } from './alerts/lib/rules';
import { ciFeature } from './ci/feature';
import { dockerFeature } from './docker/feature';
import { docsFeature } from './docs/feature';
import { k8sFeature } from './k8s/feature';
import { observabilityFeature } from './observability/feature';
import { queuesFeature } from './queues/feature';
import { resilienceFeature } from './resilience/feature';
import { securityFeature } from './security/feature';
import { coreEnvVars } from './service/lib/core-env-vars';
import type { PluginRegistration } from './utils/app-edit/register-plugin';
import { mergeEnvVars, type EnvVarSpec } from './utils/env-vars';
import { resolveFeatureContextBase, type FeatureContext, type FeatureContextBase, type FeaturePackages, type ReadyFeature } from './utils/feature';

/**
 * The features of a generated service, in the order they render: each may read what an earlier one wrote
 * (docker's compose file scrapes the rules alerts rendered; the docs describe every artifact, so they come last).
 * ready:service, ready:sync, the env schema, package installs and the README iterate this list.
 */
export const FEATURES: readonly ReadyFeature[] = [
  observabilityFeature,
  businessMetricsFeature,
  securityFeature,
  resilienceFeature,
  queuesFeature,
  alertsFeature,
  k8sFeature,
  ciFeature,
  dockerFeature,
  docsFeature,
];

/** The features a service with this model has. */
export function enabledFeatures(model: ReadyModel): ReadyFeature[] {
  return FEATURES.filter((feature) => feature.enabled(model));
}

/** Every environment variable of the service: the core ones, then each enabled feature's, merged by name. */
export function serviceEnvVars(model: ReadyModel): EnvVarSpec[] {
  const perFeature = enabledFeatures(model).map((feature) => ({ feature, vars: feature.envVars?.(model) ?? [] }));
  const core = coreEnvVars(model);
  refuseTakenDependencyVariables(model, [...core, ...perFeature.filter((f) => f.feature !== resilienceFeature).flatMap((f) => f.vars)]);
  return mergeEnvVars([...core, ...perFeature.flatMap((f) => f.vars)]);
}

/**
 * A dependency's URL or credential variable (its own name through env:, or <NAME>_URL) may be one another feature
 * reads only when both read the same kind of value: a URL both use (the JWKS endpoint modelled as a dependency
 * named jwt-jwks, the redis dependency holding the rate-limit counters) is declared once; a dependency URL in PORT
 * or LOG_LEVEL is a mistake in ready.yaml, refused at the field that names it.
 */
function refuseTakenDependencyVariables(model: ReadyModel, others: EnvVarSpec[]): void {
  const taken = new Map(others.map((spec) => [spec.name, spec]));
  const issues = model.dependencies.flatMap((dep, i) =>
    dependencyEnvFields(dep).flatMap(({ name, field }) => {
      const spec = taken.get(name);
      const type = name === dep.envVar ? 'url' : 'string';
      if (!spec || spec.type === type) return [];
      return [{ path: `dependencies[${i}].${field}`, message: `expected a variable the service does not read as ${/^[aeiou]/.test(spec.type) ? 'an' : 'a'} ${spec.type}, got ${name}: ${spec.description}` }];
    }),
  );
  if (issues.length > 0) throw new ReadyConfigError(issues, 'ready.yaml');
}

/** The packages of every enabled feature, merged. */
export function featurePackages(model: ReadyModel): Required<FeaturePackages> {
  const merged: Required<FeaturePackages> = { dependencies: {}, devDependencies: {} };
  for (const feature of enabledFeatures(model)) {
    const packages = feature.packages?.(model);
    Object.assign(merged.dependencies, packages?.dependencies);
    Object.assign(merged.devDependencies, packages?.devDependencies);
  }
  return merged;
}

/** A run's context: what is derived from the model for every feature is computed here, once. */
export function featureContext<T extends FeatureContextBase>(base: T): T & FeatureContext {
  return { ...base, envVars: serviceEnvVars(base.model), readmeFragments: readmeFragments(base.model), alerts: alertSet(base.model, base.projectRoot) };
}

/** The enabled features that have a README fragment, in README order. */
export function readmeFragments(model: ReadyModel): string[] {
  const withFragment = enabledFeatures(model).filter((f) => f.readmeOrder !== undefined);
  return withFragment.sort((a, b) => (a.readmeOrder as number) - (b.readmeOrder as number)).map((f) => f.name);
}

/** The context of `nx g ready:<generator> --project=<name>` (validates or creates the project's ready.yaml first). */
export function resolveFeatureContext(tree: Tree, project: string, generator: string): FeatureContext & { configCreated: boolean } {
  return featureContext(resolveFeatureContextBase(tree, project, generator));
}

/**
 * Where `add-<feature>` registers `plugin` of a feature in an existing app: right after the plugin of the nearest
 * earlier feature in FEATURES that the app registers, and only when the plugin of the feature it requires is there.
 * So the order on a plain app is the order of src/config/plugins.ts on a ready:service app.
 */
export function pluginRegistration(featureName: string, plugin: string, module: string, model: ReadyModel): PluginRegistration {
  const at = FEATURES.findIndex((f) => f.name === featureName);
  if (at < 0) throw new Error(`ready: no feature named ${featureName}`);
  const pluginsOf = (feature: ReadyFeature) => (feature.plugins?.(model) ?? []).map((p) => p.name);
  const required = FEATURES[at].requires?.[0];
  const requires = required ? pluginsOf(FEATURES.find((f) => f.name === required)!)[0] : undefined;
  if (!requires) throw new Error(`ready: feature ${featureName} registers after no other feature's plugin`);
  return { plugin, module, requires, after: FEATURES.slice(0, at).reverse().flatMap(pluginsOf) };
}

/** Render every enabled feature of a service, in order; a feature ready.yaml no longer enables retires. */
export function createFeatureFiles(tree: Tree, ctx: FeatureContext): void {
  for (const feature of FEATURES) {
    if (feature.enabled(ctx.model)) feature.createFiles(tree, ctx);
    else feature.retire?.(tree, ctx);
  }
}
