import { applyChangesToString, joinPathFragments, type Tree } from '@nx/devkit';
import { findServerConstruction, type AppProject } from '../../utils/app-edit/app-project';
import { ensureNamedImports } from '../../utils/app-edit/ast';

export const SECURITY_SERVER_OPTIONS = 'securityServerOptions';

/**
 * Spread `securityServerOptions()` (body and time limits, trusted proxies) into the app's server
 * construction, e.g. `Fastify({ ...securityServerOptions(), ...observabilityServerOptions() })`.
 * Returns the edited file, or undefined when the call is already there.
 */
export function planSecurityServerOptions(tree: Tree, app: AppProject, securityModule: string): { path: string; content: string } | undefined {
  const { adapter, construction } = findServerConstruction(tree, app, 'add-security');
  const edit = adapter.mergeServerOptions(construction, SECURITY_SERVER_OPTIONS);
  if (edit.changes.length === 0) return undefined;
  const { source } = construction;
  const imports = ensureNamedImports(source, joinPathFragments(securityModule, 'index'), [SECURITY_SERVER_OPTIONS]);
  return { path: source.path, content: applyChangesToString(source.text, [...edit.changes, ...imports]) };
}
