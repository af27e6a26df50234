import { formatFiles, generateFiles, OverwriteStrategy, readProjectConfiguration, type Tree } from '@nx/devkit';
import { readServiceModel } from '../utils/model';
import { templatesDir } from '../utils/paths';
import type { K8sGeneratorSchema } from './schema';

/** Add Kustomize manifests (base plus one overlay per environment) for a service. */
export async function k8sGenerator(tree: Tree, options: K8sGeneratorSchema) {
  const project = readProjectConfiguration(tree, options.project);
  const model = readServiceModel(tree, project.root);
  generateFiles(tree, templatesDir('k8s'), project.root, { ...model, model, tmpl: '' }, {
    overwriteStrategy: OverwriteStrategy.KeepExisting,
  });
  if (!options.skipFormat) await formatFiles(tree);
}

export default k8sGenerator;
