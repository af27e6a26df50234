import type { Tree } from '@nx/devkit';
import { OBSERVABILITY_API } from '../../observability/lib/edit-bootstrap';
import { planPluginRegistration, type RegistrationPlan } from '../../observability/lib/register-plugin';
import { SECURITY_PLUGIN } from '../../security/lib/edit-bootstrap';

export const DEPENDENCIES_PLUGIN = 'dependencies';

/**
 * The dependencies plugin right after security (or observability when there is no security): its health
 * checks and metrics must exist first, and routes registered later can use `app.dependencies`.
 */
export function planDependenciesRegistration(tree: Tree, sourceRoot: string, dependenciesModule: string): RegistrationPlan {
  return planPluginRegistration(tree, sourceRoot, {
    plugin: DEPENDENCIES_PLUGIN,
    module: dependenciesModule,
    requires: OBSERVABILITY_API.plugin,
    after: [SECURITY_PLUGIN, OBSERVABILITY_API.plugin],
  });
}
