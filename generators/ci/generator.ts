import { formatFiles, type Tree } from '@nx/devkit';
import { resolveFeatureContext } from '../features';
import { createCiFiles } from './lib/create-files';
import type { CiGeneratorSchema } from './schema';

/**
 * `nx g ready:add-ci --project=<name>`: CI and deploy workflows for the service's CI provider
 * (GitHub Actions), pinned and least-privilege, plus the workspace's Dependabot entries.
 */
export async function ciGenerator(tree: Tree, options: CiGeneratorSchema) {
  const ctx = resolveFeatureContext(tree, options.project, 'add-ci');
  createCiFiles(tree, ctx);
  if (!options.skipFormat) await formatFiles(tree);
}

export default ciGenerator;
