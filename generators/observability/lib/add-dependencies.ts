import type { GeneratorCallback, Tree } from '@nx/devkit';
import { addPackagesToApp } from '../../utils/packages';
import type { ObservabilityFramework } from './create-files';
import {
  fastifyPluginVersion,
  fastifyVersion,
  fastifySwaggerVersion,
  otelApiVersion,
  otelSdkVersion,
  pinoVersion,
  promClientVersion,
  sentryVersion,
  zodV3Version,
  zodVersion,
} from '../../utils/versions';

/**
 * Packages src/observability imports at runtime. Fastify itself is raised to the 5.x line the feature
 * is typed against (an older 5.x lacks LogController); an app already on a newer version keeps it.
 */
const frameworkDependencies: Record<ObservabilityFramework, Record<string, string>> = {
  fastify: { fastify: fastifyVersion, 'fastify-plugin': fastifyPluginVersion, '@fastify/swagger': fastifySwaggerVersion },
  // Express itself and its types are the app's: the middleware is typed against whichever 4.x or 5.x it has.
  express: {},
};

/** What both frameworks' src/observability imports. */
const commonDependencies: Record<string, string> = {
  pino: pinoVersion,
  'prom-client': promClientVersion,
  zod: zodVersion,
  '@opentelemetry/api': otelApiVersion,
  '@opentelemetry/sdk-node': otelSdkVersion,
  '@opentelemetry/exporter-trace-otlp-http': otelSdkVersion,
  '@opentelemetry/instrumentation-http': otelSdkVersion,
  '@sentry/node': sentryVersion,
};

export function observabilityDependencies(framework: ObservabilityFramework = 'fastify'): Record<string, string> {
  return { ...frameworkDependencies[framework], ...commonDependencies };
}

/**
 * An existing app keeps the major of every package it already has (zod 3 stays zod 3, at the 3.x that has the `zod/v4`
 * API the generated code imports); Fastify is raised to the 5.x line the plugin is typed against.
 */
export function addDependencies(tree: Tree, framework: ObservabilityFramework): { task: GeneratorCallback; kept: string[] } {
  return addPackagesToApp(tree, observabilityDependencies(framework), { zod: { 3: zodV3Version } });
}
