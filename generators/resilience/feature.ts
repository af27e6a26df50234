import type { ReadyModel } from '@ready-tools/config';
import { KIND_SPECS } from '../kinds';
import type { EnvVarSpec } from '../utils/env-vars';
import type { ReadyFeature } from '../utils/feature';
import { resilienceDependenciesFor } from './lib/add-dependencies';
import { createResilienceFiles } from './lib/create-files';
import { resilienceEnvVars } from './lib/env-vars';

/** One connection URL per declared dependency, then the resilience settings. */
function dependencyEnvVars(model: ReadyModel): EnvVarSpec[] {
  const urls: EnvVarSpec[] = model.dependencies.map((dep) => ({
    name: dep.envVar,
    type: 'url',
    required: !dep.optional,
    secret: true,
    localValue: KIND_SPECS[dep.kind].localUrl?.(dep.name.replace(/-/g, '_')),
    description: `Connection URL of the ${dep.kind} dependency "${dep.name}"${dep.critical ? ` (critical${dep.optional ? ' when set' : ''}: readiness fails while it is down)` : ''}.${
      dep.optional ? ' Optional: unset, the service starts without it, readiness ignores it and its calls fail with DependencyNotConfiguredError (503).' : ''
    }${
      dep.envVar === model.rateLimitRedisEnvVar ? ' It also holds the rate-limit counters shared by every replica (rateLimits.store: redis).' : ''
    }`,
  }));
  return [...resilienceEnvVars(model), ...urls];
}

/** A client per declared dependency with timeouts, retries and a circuit breaker, feeding readiness: `src/dependencies/`. */
export const resilienceFeature: ReadyFeature = {
  name: 'resilience',
  enabled: () => true,
  envVars: dependencyEnvVars,
  packages: resilienceDependenciesFor,
  plugins: (model) => [
    {
      name: 'dependencies',
      from: '../dependencies',
      options: '{ env }',
      connects: true,
      summary: `Dependency clients${model.dependencies.length > 0 ? ` (${model.dependencies.map((d) => d.name).join(', ')})` : ''}: health checks, metrics, app.dependencies; closed after in-flight requests on shutdown.`,
    },
  ],
  createFiles: createResilienceFiles,
  requires: ['observability'],
  readmeOrder: 6,
};
