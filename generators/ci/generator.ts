import { formatFiles, generateFiles, OverwriteStrategy, readProjectConfiguration, type Tree } from '@nx/devkit';
import { readServiceModel } from '../utils/model';
import { templatesDir } from '../utils/paths';
import type { CiGeneratorSchema } from './schema';

/** Add GitHub Actions CI and deploy workflows (pinned, least-privilege) and a Dependabot config for a service. */
export async function ciGenerator(tree: Tree, options: CiGeneratorSchema) {
  const project = readProjectConfiguration(tree, options.project);
  const model = readServiceModel(tree, project.root);
  generateFiles(tree, templatesDir('ci'), project.root, { ...model, model, tmpl: '' }, {
    overwriteStrategy: OverwriteStrategy.KeepExisting,
  });
  if (!options.skipFormat) await formatFiles(tree);
}

export default ciGenerator;
