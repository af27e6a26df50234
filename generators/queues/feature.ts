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
  plugins: (model) => [
    ...(model.queues.length > 0
      ? [
          {
            name: 'queues',
            from: '../queues',
            options: '{ env }',
            connects: true,
            summary: `Queue workers (${model.queues.map((q) => q.name).join(', ')}), DLQ admin routes (admin role) and queue metrics; workers stop on close.`,
          },
        ]
      : []),
    ...(model.cache.length > 0
      ? [
          {
            name: 'caches',
            from: '../cache',
            options: '{ env }',
            connects: true,
            summary: `Cache-aside helpers (app.caches.${model.cache[0].name}.getOrLoad) with hit/miss counters.`,
          },
        ]
      : []),
  ],
  createFiles: createQueueFiles,
  readmeOrder: 7,
};
