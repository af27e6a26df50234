import { formatFiles, generateFiles, OverwriteStrategy, readProjectConfiguration, type Tree } from '@nx/devkit';
import { readServiceModel } from '../utils/model';
import { templatesDir } from '../utils/paths';
import type { DockerGeneratorSchema } from './schema';

/** Add a multi-stage non-root Dockerfile, .dockerignore, docker-compose.yaml and a docker-build target to a service. */
export async function dockerGenerator(tree: Tree, options: DockerGeneratorSchema) {
  const project = readProjectConfiguration(tree, options.project);
  const model = readServiceModel(tree, project.root);
  generateFiles(tree, templatesDir('docker'), project.root, { ...model, model, tmpl: '' }, {
    overwriteStrategy: OverwriteStrategy.KeepExisting,
  });
  if (!options.skipFormat) await formatFiles(tree);
}

export default dockerGenerator;
