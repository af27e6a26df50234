import type { ReadyFeature } from '../utils/feature';
import { queueDependenciesFor } from './lib/add-dependencies';
import { createQueueFiles } from './lib/create-files';
import { queueEnvVars } from './lib/env-vars';

/** BullMQ or RabbitMQ queues with a dead-letter queue, and cache-aside helpers: `src/queues/`, `src/cache/`. */
export const queuesFeature: ReadyFeature = {
  name: 'queues',
  enabled: (model) => model.queues.length > 0 || model.cache.length > 0,
  envVars: queueEnvVars,
  packages: queueDependenciesFor,
  createFiles: createQueueFiles,
  readmeOrder: 7,
};
