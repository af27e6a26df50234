import { joinPathFragments, type Tree } from '@nx/devkit';
import { parseConfigYaml, renderConfigYaml, type ReadyConfigInput, type ReadyModel } from '@ready-tools/config';

export const CONFIG_FILE = 'ready.yaml';

export function configPath(projectRoot: string): string {
  return joinPathFragments(projectRoot, CONFIG_FILE);
}

export function hasServiceConfig(tree: Tree, projectRoot: string): boolean {
  return tree.exists(configPath(projectRoot));
}

/** Read and validate `<projectRoot>/ready.yaml`. Throws ReadyConfigError naming each bad field. */
export function readServiceModel(tree: Tree, projectRoot: string): ReadyModel {
  const file = configPath(projectRoot);
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`ready: ${file} not found. Create it with "nx g ready:service" or write one by hand (see ready.schema.json).`);
  return parseConfigYaml(text, file);
}

/** Write a config only when none exists: ready.yaml belongs to the user once created. */
export function writeServiceConfigIfMissing(tree: Tree, projectRoot: string, config: ReadyConfigInput, schemaPath: string): void {
  const file = configPath(projectRoot);
  if (!tree.exists(file)) tree.write(file, renderConfigYaml(config, schemaPath));
}
