import { joinPathFragments, names, offsetFromRoot, type Tree } from '@nx/devkit';
import type { ServiceGeneratorSchema } from '../schema';

export interface NormalizedServiceOptions extends ServiceGeneratorSchema {
  /** Nx project name (the service name). */
  projectName: string;
  /** App folder relative to the workspace root, e.g. apps/payments. */
  projectRoot: string;
  /** Path from the app folder back to the workspace root, e.g. ../../ */
  offset: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function normalizeOptions(tree: Tree, options: ServiceGeneratorSchema): NormalizedServiceOptions {
  const name = options.name?.trim();
  if (!name || !KEBAB.test(name)) {
    const suggestion = name ? ` (try "${names(name).fileName}")` : '';
    throw new Error(`ready: service name must be kebab-case such as "payments-api", got "${options.name ?? ''}"${suggestion}`);
  }
  const projectRoot = joinPathFragments(options.directory?.trim() || joinPathFragments('apps', name));
  if (projectRoot.startsWith('..') || projectRoot.startsWith('/')) {
    throw new Error(`ready: --directory must be inside the workspace, got "${options.directory}"`);
  }
  if (tree.exists(projectRoot) && tree.isFile(projectRoot)) {
    throw new Error(`ready: ${projectRoot} is a file, not a folder`);
  }
  return { ...options, name, projectName: name, projectRoot, offset: offsetFromRoot(projectRoot) };
}
