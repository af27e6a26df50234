import type { ReadyFeature } from '../utils/feature';
import { observabilityDependencies } from './lib/add-dependencies';
import { createObservabilityFiles } from './lib/create-files';
import { observabilityEnvVars } from './lib/env-vars';

/** Request ids, JSON logs, metrics, tracing, probes, graceful shutdown and problem+json errors: `src/observability/`. */
export const observabilityFeature: ReadyFeature = {
  name: 'observability',
  enabled: () => true,
  envVars: observabilityEnvVars,
  packages: () => ({ dependencies: observabilityDependencies }),
  createFiles: (tree, ctx) => createObservabilityFiles(tree, ctx.projectRoot, ctx.model, undefined, ctx.regenerate),
};
