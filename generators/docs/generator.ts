import { formatFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { serviceGenerator } from '../service/generator';
import { resolveFeatureContext } from '../features';
import { createDocsFiles } from './lib/create-files';
import type { DocsGeneratorSchema } from './schema';

export { syncGenerator } from './sync';

/**
 * `nx g ready:docs --project=<name>`: regenerate a service's operational docs from its ready.yaml.
 * The docs of a ready:service project describe its Dockerfile, manifests, env schema and workflows,
 * which are derived from the same ready.yaml; rendering the docs alone after a config edit would make
 * them describe a port or a variable the other files do not have yet. So for such a project this
 * regenerates every derived file, exactly as `nx sync` does for it (scaffold files are never touched),
 * and says so. Any other project gets its docs only: its other files belong to the add-* generators
 * the team ran, and the docs only claim what those files show.
 */
export async function docsGenerator(tree: Tree, options: DocsGeneratorSchema): Promise<GeneratorCallback | void> {
  const ctx = resolveFeatureContext(tree, options.project, 'docs');
  if (ctx.readyService && ctx.model.service.name === ctx.projectName) {
    logger.info(
      `ready:docs: ${ctx.projectName}'s docs describe files derived from the same ready.yaml, so all of them are regenerated together (the same as \`npx nx sync\`).`,
    );
    return serviceGenerator(tree, { name: ctx.projectName, directory: ctx.projectRoot, skipFormat: options.skipFormat });
  }
  createDocsFiles(tree, ctx);
  if (!options.skipFormat) await formatFiles(tree);
}

export default docsGenerator;
