import { runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { serviceGenerator } from '../service/generator';
import { addNxJson } from './lib/add-nx-json';
import { addPackageJson } from './lib/add-package-json';
import { createRootFiles } from './lib/create-files';
import { normalizeOptions } from './lib/normalize-options';
import type { PresetGeneratorSchema } from './schema';
import { finishFiles } from '../utils/scaffold-base';

/**
 * The root of a new ready workspace plus its first service.
 * When `apps/<name>/ready.yaml` is already in the tree (create-ready-service writes it from the
 * answers), the service generator builds from that file and the answer options are ignored.
 */
export async function presetGenerator(tree: Tree, schema: PresetGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeOptions(schema);

  addPackageJson(tree, options);
  addNxJson(tree, options);
  createRootFiles(tree, options);

  const serviceTask = await serviceGenerator(tree, {
    name: options.name,
    directory: options.serviceRoot,
    description: options.description,
    owner: options.owner,
    port: options.port,
    authMode: options.authMode,
    skipFormat: true,
  });

  await finishFiles(tree, 'service', options.skipFormat);
  return runTasksInSerial(serviceTask);
}

export default presetGenerator;
