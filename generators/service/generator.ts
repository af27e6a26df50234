import { formatFiles, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { addRootEslintConfig, addServiceDependencies } from './lib/add-dependencies';
import { createDockerFiles } from '../docker/lib/create-files';
import { createDocsFiles } from '../docs/lib/create-files';
import { createServiceFiles, regenerateCommand } from './lib/create-files';
import { createProject } from './lib/create-project';
import { normalizeOptions } from './lib/normalize-options';
import { resolveConfig } from './lib/resolve-config';
import type { ServiceGeneratorSchema } from './schema';

/**
 * `nx g ready:service <name>`: a Fastify service generated from its ready.yaml.
 * Safe to re-run: scaffold files the team owns are kept, files derived from ready.yaml are refreshed.
 */
export async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, schema);
  // Validation happens before the first write, so an invalid config leaves the workspace untouched.
  const config = resolveConfig(tree, options);

  config.persist(tree);
  createServiceFiles(tree, options, config.model);
  createProject(tree, options);
  // Docker last: its target joins the project, and its compose file scrapes the alert rules already rendered.
  createDockerFiles(tree, { projectName: options.projectName, projectRoot: options.projectRoot, model: config.model, regenerate: regenerateCommand(options), readyService: true });
  // Docs last: they describe every artifact above.
  createDocsFiles(tree, { projectName: options.projectName, projectRoot: options.projectRoot, model: config.model, regenerate: regenerateCommand(options), readyService: true });
  addRootEslintConfig(tree);
  const install = addServiceDependencies(tree);

  if (!options.skipFormat) await formatFiles(tree);
  return runTasksInSerial(install);
}

export default serviceGenerator;
