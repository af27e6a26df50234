import { addDependenciesToPackageJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { bullmqVersion, ioredisVersion } from '../../utils/versions';

/** Packages src/queues and src/cache import at runtime. */
export const queueDependencies: Record<string, string> = {
  bullmq: bullmqVersion,
  ioredis: ioredisVersion,
};

export function addQueueDependencies(tree: Tree): GeneratorCallback {
  return addDependenciesToPackageJson(tree, queueDependencies, {});
}
