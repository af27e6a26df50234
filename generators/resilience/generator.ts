import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { observabilityGenerator } from '../observability/generator';
import { queuesGenerator } from '../queues/generator';
import { pluginRegistration, resolveFeatureContext } from '../features';
import { isReadyService } from '../utils/feature';
import { appProject, findServerConstruction } from '../utils/app-edit/app-project';
import { fitToApp } from '../utils/app-edit/esm';
import { planPluginRegistration } from '../utils/app-edit/register-plugin';
import { addResilienceDependencies } from './lib/add-dependencies';
import { createResilienceFiles, dependenciesDir } from './lib/create-files';
import type { ResilienceGeneratorSchema } from './schema';
import { finishFiles } from '../utils/scaffold-base';
import { installOrSkip } from '../utils/packages';

/**
 * `nx g ready:add-resilience --project=api`: a client per dependency declared in ready.yaml, each
 * behind a timeout, retry and circuit-breaker policy with metrics, health checks and shutdown; then
 * the queues feature (dead-letter queues, cache-aside). Observability is added first when the app
 * lacks it, because the clients register health checks and metrics with it.
 */
export async function resilienceGenerator(tree: Tree, options: ResilienceGeneratorSchema): Promise<GeneratorCallback> {
  const app = appProject(tree, options.project, 'add-resilience');
  // Checked before anything is written (ready.yaml included): a framework add-resilience does not support is refused by name.
  if (!isReadyService(tree, options.project)) findServerConstruction(tree, app, 'add-resilience');
  const ctx = resolveFeatureContext(tree, options.project, 'add-resilience');
  const tasks: GeneratorCallback[] = [];

  const placement = pluginRegistration('resilience', 'dependencies', dependenciesDir(ctx.projectRoot), ctx.model);
  let plan = planPluginRegistration(tree, app.sourceRoot, placement);
  if (!ctx.readyService && !plan.requiredRegistered) {
    logger.info('ready: adding observability first (dependency clients need its health checks and metrics).');
    tasks.push(await observabilityGenerator(tree, { project: options.project, skipFormat: true }));
    plan = planPluginRegistration(tree, app.sourceRoot, placement);
  }

  createResilienceFiles(tree, ctx);
  if (!ctx.readyService) await fitToApp(tree, app, [dependenciesDir(ctx.projectRoot)]);
  for (const file of plan.files) {
    tree.write(file.path, file.content);
    logger.info(`ready: edited ${file.path}: registers the dependencies plugin`);
  }
  tasks.push(addResilienceDependencies(tree, ctx.model));
  // The queues half of the feature (dead-letter queues, cache-aside), through its own generator.
  if (ctx.model.queues.length > 0 || ctx.model.cache.length > 0) tasks.push(await queuesGenerator(tree, { project: options.project, skipFormat: true }));

  await finishFiles(tree, 'add-resilience', options.skipFormat);
  return installOrSkip(tree, options.skipInstall, tasks);
}

export default resilienceGenerator;
