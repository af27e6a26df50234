import { joinPathFragments, logger, type Tree } from '@nx/devkit';
import { removeDerivedFiles } from '../utils/derived-files';
import type { FeatureContext, ReadyFeature } from '../utils/feature';
import { queueDependenciesFor } from './lib/add-dependencies';
import { createQueueFiles, queuesDir } from './lib/create-files';
import { queueEnvVars } from './lib/env-vars';

/**
 * ready.yaml declares no queues any more: the queues plugin is out of src/config/plugins.ts, so the generated queue
 * spec (which tests app.queues) goes; src/queues/ stays, it may hold the team's processors.
 */
function retireQueues(tree: Tree, ctx: FeatureContext): void {
  const dir = queuesDir(ctx.projectRoot);
  if (!tree.exists(dir)) return;
  const removed = removeDerivedFiles(tree, [joinPathFragments(dir, 'queues.spec.ts')]);
  if (removed.length > 0) {
    logger.info(`ready: ready.yaml declares no queues: ${dir} is no longer registered and its generated spec is removed; delete the folder once nothing of yours uses it.`);
  }
}

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
  createFiles: (tree, ctx) => {
    createQueueFiles(tree, ctx);
    if (ctx.model.queues.length === 0) retireQueues(tree, ctx);
  },
  retire: retireQueues,
  requires: ['security'],
  readmeOrder: 7,
};
