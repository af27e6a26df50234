import type { Tree } from '@nx/devkit';
import { OBSERVABILITY_API } from '../../observability/lib/edit-bootstrap';
import { planPluginRegistration, type RegistrationPlan } from '../../observability/lib/register-plugin';

export const SECURITY_PLUGIN = 'security';

/** Security right after observability: its errors and metrics must exist first, and every route comes later. */
export function planSecurityRegistration(tree: Tree, sourceRoot: string, securityModule: string): RegistrationPlan {
  return planPluginRegistration(tree, sourceRoot, {
    plugin: SECURITY_PLUGIN,
    module: securityModule,
    requires: OBSERVABILITY_API.plugin,
    after: [OBSERVABILITY_API.plugin],
  });
}
