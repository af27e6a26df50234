import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';
import type { EnvironmentPlan } from './plan-environments';
import { baseMetadata } from './labels';

/** Set from the pod's version label (downward API), so it always matches the deployed image tag. */
export const VERSION_ENV = 'SERVICE_VERSION';

export interface EnvSplit {
  /** Non-secret variables with a default: the ConfigMap. */
  config: EnvVarSpec[];
  /** Secret variables: secretKeyRef to the Secret named after the service. */
  secrets: EnvVarSpec[];
  /** The version variable, when the service has one. */
  version?: EnvVarSpec;
  /** Required non-secret variables without a default: nothing here can supply them. */
  missing: EnvVarSpec[];
}

export function splitEnvVars(vars: EnvVarSpec[]): EnvSplit {
  const version = vars.find((v) => v.name === VERSION_ENV && !v.secret);
  const plain = vars.filter((v) => !v.secret && v !== version);
  return {
    config: plain.filter((v) => v.default !== undefined),
    secrets: vars.filter((v) => v.secret),
    version,
    missing: plain.filter((v) => v.default === undefined && v.required),
  };
}

/** The base ConfigMap data: every non-secret default. */
export function baseConfigData(envVars: EnvVarSpec[]): Record<string, string> {
  return Object.fromEntries(splitEnvVars(envVars).config.map((v) => [v.name, v.default as string]));
}

/**
 * What an overlay patches into the ConfigMap: the environment's log level, always, so each overlay says it, and its
 * name as the Sentry environment, so staging's errors are not reported as production's (NODE_ENV is production in both).
 */
export function environmentConfigPatch(model: ReadyModel, plan: EnvironmentPlan): Record<string, string> {
  return { LOG_LEVEL: plan.logLevel ?? model.observability.logLevel, SENTRY_ENVIRONMENT: plan.name };
}

/** The ConfigMap data an environment ends up with. */
export function environmentConfigData(model: ReadyModel, plan: EnvironmentPlan, envVars: EnvVarSpec[]): Record<string, string> {
  return { ...baseConfigData(envVars), ...environmentConfigPatch(model, plan) };
}

export function buildConfigMap(model: ReadyModel, envVars: EnvVarSpec[]) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: baseMetadata(model), data: baseConfigData(envVars) };
}
