import { formatFiles, generateFiles, OverwriteStrategy, readProjectConfiguration, type Tree } from '@nx/devkit';
import { readServiceModel } from '../utils/model';
import { templatesDir } from '../utils/paths';
import type { SecurityGeneratorSchema } from './schema';

/** Add JWT/API-key auth, RBAC, rate limits, security headers, CORS, body and time limits, load shedding and an audit log to a service. */
export async function securityGenerator(tree: Tree, options: SecurityGeneratorSchema) {
  const project = readProjectConfiguration(tree, options.project);
  const model = readServiceModel(tree, project.root);
  generateFiles(tree, templatesDir('security'), project.root, { ...model, model, tmpl: '' }, {
    overwriteStrategy: OverwriteStrategy.KeepExisting,
  });
  if (!options.skipFormat) await formatFiles(tree);
}

export default securityGenerator;
