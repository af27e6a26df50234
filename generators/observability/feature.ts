import type { ReadyFeature } from '../utils/feature';
import { observabilityDependencies } from './lib/add-dependencies';
import { createObservabilityFiles } from './lib/create-files';
import { observabilityEnvVars } from './lib/env-vars';

/** Request ids, JSON logs, metrics, tracing, probes, graceful shutdown and problem+json errors: `src/observability/`. */
export const observabilityFeature: ReadyFeature = {
  name: 'observability',
  enabled: () => true,
  envVars: observabilityEnvVars,
  packages: () => ({ dependencies: observabilityDependencies('fastify') }),
  plugins: () => [
    {
      name: 'observability',
      from: '../observability',
      options: '{ env, description: serviceConfig.description }',
      connects: false,
      summary: 'Request ids, JSON logs, metrics, problem+json errors, health probes and /openapi.json.',
    },
  ],
  serverOptions: () => [
    {
      name: 'observabilityServerOptions',
      from: '../observability',
      call: 'observabilityServerOptions(env)',
      summary: 'JSON logger with redaction, request ids, the request deadline, problem+json for parser errors.',
    },
  ],
  createFiles: (tree, ctx) => {
    // A service ready generates is a Fastify service.
    createObservabilityFiles(tree, ctx.projectRoot, ctx.model, 'fastify', undefined, ctx.regenerate);
  },
};
