import { formatFiles, type Tree } from '@nx/devkit';
import { resolveFeatureContext } from '../features';
import { createK8sFiles } from './lib/create-files';
import type { K8sGeneratorSchema } from './schema';

/**
 * `nx g ready:add-k8s --project=<name>`: Kustomize manifests under `<project>/deploy/k8s/`, a base
 * plus one overlay per environment of ready.yaml. An invalid ready.yaml throws before any write.
 */
export async function k8sGenerator(tree: Tree, options: K8sGeneratorSchema): Promise<void> {
  const ctx = resolveFeatureContext(tree, options.project, 'add-k8s');
  createK8sFiles(tree, ctx);
  if (!options.skipFormat) await formatFiles(tree);
}

export default k8sGenerator;
