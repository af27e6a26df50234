import { type GeneratorCallback, type Tree } from '@nx/devkit';
import { addRootEslintConfig, addServiceDependencies } from './lib/add-dependencies';
import { createServiceFiles } from './lib/create-files';
import { createProject } from './lib/create-project';
import { normalizeOptions } from './lib/normalize-options';
import { resolveConfig } from './lib/resolve-config';
import type { ServiceGeneratorSchema } from './schema';
import { finishFiles } from '../utils/scaffold-base';
import { installOrSkip } from '../utils/packages';

/**
 * `nx g ready:service <name>`: a Fastify service generated from its ready.yaml.
 * Safe to re-run: scaffold files the team owns are kept, files derived from ready.yaml are refreshed.
 */
export async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, schema);
  // Validation happens before the first write, so an invalid config leaves the workspace untouched.
  const config = resolveConfig(tree, options);

  config.persist(tree);
  // The project first: features add their targets (docker-build, migrate, dlq) to it.
  createProject(tree, options, config.model);
  createServiceFiles(tree, options, config.model);
  addRootEslintConfig(tree);
  const install = addServiceDependencies(tree, config.model);

  await finishFiles(tree, 'service', options.skipFormat);
  return installOrSkip(tree, schema.skipInstall, [install]);
}

export default serviceGenerator;
