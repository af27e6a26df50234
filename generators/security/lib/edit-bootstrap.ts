import { applyChangesToString, joinPathFragments, type Tree } from '@nx/devkit';
import { ensureNamedImports } from '../../observability/lib/ast';
import { findServerConstruction, OBSERVABILITY_API } from '../../observability/lib/edit-bootstrap';
import { normalizeOptions as normalizeObservabilityOptions } from '../../observability/lib/normalize-options';
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

export const SECURITY_SERVER_OPTIONS = 'securityServerOptions';

/**
 * Spread `securityServerOptions()` (body and time limits, trusted proxies) into the app's server
 * construction, e.g. `Fastify({ ...securityServerOptions(), ...observabilityServerOptions() })`.
 * Returns the edited file, or undefined when the call is already there.
 */
export function planSecurityServerOptions(tree: Tree, project: string, securityModule: string): { path: string; content: string } | undefined {
  const { adapter, construction } = findServerConstruction(tree, normalizeObservabilityOptions(tree, { project }));
  const edit = adapter.mergeServerOptions(construction, SECURITY_SERVER_OPTIONS);
  if (edit.changes.length === 0) return undefined;
  const { source } = construction;
  const imports = ensureNamedImports(source, joinPathFragments(securityModule, 'index'), [SECURITY_SERVER_OPTIONS]);
  return { path: source.path, content: applyChangesToString(source.text, [...edit.changes, ...imports]) };
}
