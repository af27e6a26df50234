import { formatFiles, generateFiles, OverwriteStrategy, readProjectConfiguration, type Tree } from '@nx/devkit';
import { readServiceModel } from '../utils/model';
import { templatesDir } from '../utils/paths';
import type { ResilienceGeneratorSchema } from './schema';

/** Add dependency clients with timeouts, retries and circuit breakers, health checks, queues with a dead-letter queue and cache-aside to a service. */
export async function resilienceGenerator(tree: Tree, options: ResilienceGeneratorSchema) {
  const project = readProjectConfiguration(tree, options.project);
  const model = readServiceModel(tree, project.root);
  generateFiles(tree, templatesDir('resilience'), project.root, { ...model, model, tmpl: '' }, {
    overwriteStrategy: OverwriteStrategy.KeepExisting,
  });
  if (!options.skipFormat) await formatFiles(tree);
}

export default resilienceGenerator;
