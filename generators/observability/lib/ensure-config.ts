import { offsetFromRoot, type Tree } from '@nx/devkit';
import { defaultConfig, type ReadyModel } from '@ready-tools/config';
import { hasServiceConfig, readServiceModel, writeServiceConfigIfMissing } from '../../utils/model';
import type { NormalizedObservabilityOptions } from './normalize-options';

/** Fail early on a bad ready.yaml, before the generator writes anything. */
export function assertServiceConfigValid(tree: Tree, options: NormalizedObservabilityOptions): void {
  if (hasServiceConfig(tree, options.projectRoot)) readServiceModel(tree, options.projectRoot);
}

/**
 * The service model for an app that may never have seen ready: its ready.yaml when present,
 * otherwise a default one (written, so the user can edit it afterwards) for a Fastify service.
 */
export function ensureServiceConfig(tree: Tree, options: NormalizedObservabilityOptions): { model: ReadyModel; created: boolean } {
  const created = !hasServiceConfig(tree, options.projectRoot);
  const schemaPath = `${offsetFromRoot(options.projectRoot)}node_modules/ready/ready.schema.json`;
  writeServiceConfigIfMissing(tree, options.projectRoot, defaultConfig(options.serviceName, { runtime: { framework: 'fastify' } }), schemaPath);
  return { model: readServiceModel(tree, options.projectRoot), created };
}
