import type { GeneratorCallback, Tree } from '@nx/devkit';
import { addPackages } from '../../utils/packages';
import {
  fastifyPluginVersion,
  fastifyVersion,
  fastifySwaggerVersion,
  otelApiVersion,
  otelSdkVersion,
  pinoVersion,
  promClientVersion,
  sentryVersion,
  zodVersion,
} from '../../utils/versions';

/**
 * Packages src/observability imports at runtime. Fastify itself is raised to the 5.x line the feature
 * is typed against (an older 5.x lacks LogController); an app already on a newer version keeps it.
 */
export const observabilityDependencies: Record<string, string> = {
  fastify: fastifyVersion,
  'fastify-plugin': fastifyPluginVersion,
  pino: pinoVersion,
  'prom-client': promClientVersion,
  '@fastify/swagger': fastifySwaggerVersion,
  zod: zodVersion,
  '@opentelemetry/api': otelApiVersion,
  '@opentelemetry/sdk-node': otelSdkVersion,
  '@opentelemetry/exporter-trace-otlp-http': otelSdkVersion,
  '@opentelemetry/instrumentation-http': otelSdkVersion,
  '@sentry/node': sentryVersion,
};

export function addDependencies(tree: Tree): GeneratorCallback {
  return addPackages(tree, { dependencies: observabilityDependencies }, false);
}
