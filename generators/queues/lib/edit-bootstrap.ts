import type { Tree } from '@nx/devkit';
import { planPluginRegistration, type RegistrationPlan } from '../../observability/lib/register-plugin';
import { DEPENDENCIES_PLUGIN } from '../../resilience/lib/edit-bootstrap';
import { SECURITY_PLUGIN } from '../../security/lib/edit-bootstrap';

export const QUEUES_PLUGIN = 'queues';

/** The queues plugin after security (its DLQ admin routes need the admin role) and after the dependency clients. */
export function planQueuesRegistration(tree: Tree, sourceRoot: string, queuesModule: string): RegistrationPlan {
  return planPluginRegistration(tree, sourceRoot, {
    plugin: QUEUES_PLUGIN,
    module: queuesModule,
    requires: SECURITY_PLUGIN,
    after: [DEPENDENCIES_PLUGIN, SECURITY_PLUGIN],
  });
}
