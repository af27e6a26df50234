import type { Tree } from '@nx/devkit';
import type { FeatureContext } from '../../utils/feature';

/** Render the resilience feature into the service (pure function of the context and the tree). */
export function createResilienceFiles(_tree: Tree, _ctx: FeatureContext): void {
  // Filled in by the resilience feature.
}
