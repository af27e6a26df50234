import { formatFiles, generateFiles, OverwriteStrategy, readProjectConfiguration, type Tree } from '@nx/devkit';
import { readServiceModel } from '../utils/model';
import { templatesDir } from '../utils/paths';
import type { AlertsGeneratorSchema } from './schema';

/** Add Prometheus alert and recording rules with promtool unit tests and a Grafana dashboard for a service. */
export async function alertsGenerator(tree: Tree, options: AlertsGeneratorSchema) {
  const project = readProjectConfiguration(tree, options.project);
  const model = readServiceModel(tree, project.root);
  generateFiles(tree, templatesDir('alerts'), project.root, { ...model, model, tmpl: '' }, {
    overwriteStrategy: OverwriteStrategy.KeepExisting,
  });
  if (!options.skipFormat) await formatFiles(tree);
}

export default alertsGenerator;
