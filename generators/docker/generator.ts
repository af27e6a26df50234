import { formatFiles, type Tree } from '@nx/devkit';
import { resolveFeatureContext } from '../features';
import { createDockerFiles } from './lib/create-files';
import type { DockerGeneratorSchema } from './schema';

/**
 * `nx g ready:add-docker --project=<name>`: a multi-stage non-root Dockerfile, the shared .dockerignore,
 * a local docker-compose.yaml and a docker-build target, all derived from ready.yaml. Running it again changes nothing.
 */
export async function dockerGenerator(tree: Tree, options: DockerGeneratorSchema): Promise<void> {
  // Validates ready.yaml (or writes a default one) before anything else is written.
  const ctx = resolveFeatureContext(tree, options.project, 'add-docker');
  createDockerFiles(tree, ctx);
  if (!options.skipFormat) await formatFiles(tree);
}

export default dockerGenerator;
