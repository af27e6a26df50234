import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { pluginRegistration, resolveFeatureContext } from '../features';
import { appProject } from '../utils/app-edit/app-project';
import { fitToApp } from '../utils/app-edit/esm';
import { planPluginRegistration } from '../utils/app-edit/register-plugin';
import { addQueueDependencies } from './lib/add-dependencies';
import { cacheDir, createQueueFiles, queuesDir } from './lib/create-files';
import type { QueuesGeneratorSchema } from './schema';
import { finishFiles } from '../utils/scaffold-base';
import { installOrSkip } from '../utils/packages';

/**
 * `nx g ready:add-queues --project=api`: the queues of ready.yaml on BullMQ or RabbitMQ (or an in-process queue for
 * local runs), retries with backoff, a dead-letter queue with admin endpoints, a CLI and metrics, plus
 * the cache-aside helpers of its cache section. Needs the security feature (the DLQ admin role).
 */
export async function queuesGenerator(tree: Tree, options: QueuesGeneratorSchema): Promise<GeneratorCallback> {
  const ctx = resolveFeatureContext(tree, options.project, 'add-queues');
  const app = appProject(tree, options.project, 'add-queues');
  const tasks: GeneratorCallback[] = [];

  createQueueFiles(tree, ctx);
  if (!ctx.readyService) await fitToApp(tree, app, [queuesDir(ctx.projectRoot), cacheDir(ctx.projectRoot)]);
  if (ctx.model.queues.length > 0 && ctx.readyService) {
    // A ready:service app registers its plugins in the derived src/config/plugins.ts, never in app.ts.
    logger.info(`ready: ${ctx.projectRoot}/src/config/plugins.ts registers the queues plugin; run \`npx nx sync\` if it does not list it yet.`);
    tasks.push(addQueueDependencies(tree, ctx.model));
  } else if (ctx.model.queues.length > 0) {
    const plan = planPluginRegistration(tree, app.sourceRoot, pluginRegistration('queues', 'queues', queuesDir(ctx.projectRoot), ctx.model));
    if (!plan.requiredRegistered) {
      logger.warn(`ready: ${options.project} registers no security plugin; run \`nx g ready:add-security --project=${options.project}\` first, then rerun add-queues to register the queues plugin.`);
    }
    for (const file of plan.files) {
      tree.write(file.path, file.content);
      logger.info(`ready: edited ${file.path}: registers the queues plugin after security`);
    }
    tasks.push(addQueueDependencies(tree, ctx.model));
  } else if (ctx.model.cache.length > 0) {
    tasks.push(addQueueDependencies(tree, ctx.model));
  } else {
    logger.info(`ready: ${ctx.projectRoot}/ready.yaml declares no queues and no cache; nothing to add.`);
  }
  await finishFiles(tree, 'add-queues', options.skipFormat);
  return installOrSkip(tree, options.skipInstall, tasks);
}

export default queuesGenerator;
