import type { GeneratorCallback, Tree } from '@nx/devkit';
import { addPackages } from '../../utils/packages';
import type { ReadyModel } from '@ready-tools/config';
import { amqplibVersion, bullmqVersion, ioredisVersion, typesAmqplibVersion, zodVersion } from '../../utils/versions';
import { hasRabbitmqQueues } from './redis-env-var';

/** Packages src/queues and src/cache import at runtime. */
export const queueDependencies: Record<string, string> = {
  bullmq: bullmqVersion,
  ioredis: ioredisVersion,
  // src/queues/env.ts, the feature's slice of the validated environment.
  zod: zodVersion,
};

/**
 * The runtime and type packages for a model: amqplib only when a queue runs on RabbitMQ (ready:service
 * installs it already for the rabbitmq dependency such a queue requires).
 */
export function queueDependenciesFor(model: ReadyModel): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const rabbit = hasRabbitmqQueues(model);
  return {
    dependencies: { ...queueDependencies, ...(rabbit ? { amqplib: amqplibVersion } : {}) },
    devDependencies: rabbit ? { '@types/amqplib': typesAmqplibVersion } : {},
  };
}

export function addQueueDependencies(tree: Tree, model: ReadyModel): GeneratorCallback {
  return addPackages(tree, queueDependenciesFor(model), false);
}
