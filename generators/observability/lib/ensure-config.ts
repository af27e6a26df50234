import type { Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import { writeAppDefaultConfig } from '../../utils/feature';
import { hasServiceConfig, readServiceModel } from '../../utils/model';
import type { NormalizedObservabilityOptions } from './normalize-options';

/** Fail early on a bad ready.yaml, before the generator writes anything. */
export function assertServiceConfigValid(tree: Tree, options: NormalizedObservabilityOptions): void {
  if (hasServiceConfig(tree, options.projectRoot)) readServiceModel(tree, options.projectRoot);
}

/**
 * The service model for an app that may never have seen ready: its ready.yaml when present,
 * otherwise a default one (written, so the user can edit it afterwards) for a Fastify service on the app's own port.
 */
export function ensureServiceConfig(tree: Tree, options: NormalizedObservabilityOptions): { model: ReadyModel; created: boolean; detected?: string } {
  const created = !hasServiceConfig(tree, options.projectRoot);
  const detected = created ? writeAppDefaultConfig(tree, options) : undefined;
  return { model: readServiceModel(tree, options.projectRoot), created, detected };
}
