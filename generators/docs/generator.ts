import { formatFiles, type Tree } from '@nx/devkit';
import { resolveFeatureContext } from '../utils/feature';
import { createDocsFiles } from './lib/create-files';
import type { DocsGeneratorSchema } from './schema';

export { syncGenerator } from './sync';

/** `nx g ready:docs --project=<name>`: regenerate a service's operational docs from its ready.yaml. */
export async function docsGenerator(tree: Tree, options: DocsGeneratorSchema): Promise<void> {
  const ctx = resolveFeatureContext(tree, options.project, 'docs');
  createDocsFiles(tree, ctx);
  if (!options.skipFormat) await formatFiles(tree);
}

export default docsGenerator;
