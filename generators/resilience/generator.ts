import { formatFiles, joinPathFragments, logger, readProjectConfiguration, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { observabilityGenerator } from '../observability/generator';
import { createQueueFiles, queuesDir } from '../queues/lib/create-files';
import { addQueueDependencies } from '../queues/lib/add-dependencies';
import { planQueuesRegistration } from '../queues/lib/edit-bootstrap';
import { resolveFeatureContext } from '../features';
import { addResilienceDependencies } from './lib/add-dependencies';
import { createResilienceFiles, dependenciesDir } from './lib/create-files';
import { planDependenciesRegistration } from './lib/edit-bootstrap';
import type { ResilienceGeneratorSchema } from './schema';

/**
 * `nx g ready:add-resilience --project=api`: a client per dependency declared in ready.yaml, each
 * behind a timeout, retry and circuit-breaker policy with metrics, health checks and shutdown; then
 * the queues feature (dead-letter queues, cache-aside). Observability is added first when the app
 * lacks it, because the clients register health checks and metrics with it.
 */
export async function resilienceGenerator(tree: Tree, options: ResilienceGeneratorSchema): Promise<GeneratorCallback> {
  const ctx = resolveFeatureContext(tree, options.project, 'add-resilience');
  const project = readProjectConfiguration(tree, options.project);
  const sourceRoot = project.sourceRoot ?? joinPathFragments(ctx.projectRoot, 'src');
  const tasks: GeneratorCallback[] = [];

  let plan = planDependenciesRegistration(tree, sourceRoot, dependenciesDir(ctx.projectRoot));
  if (!ctx.readyService && !plan.requiredRegistered) {
    logger.info('ready: adding observability first (dependency clients need its health checks and metrics).');
    tasks.push(await observabilityGenerator(tree, { project: options.project, skipFormat: true }));
    plan = planDependenciesRegistration(tree, sourceRoot, dependenciesDir(ctx.projectRoot));
  }

  createResilienceFiles(tree, ctx);
  for (const file of plan.files) {
    tree.write(file.path, file.content);
    logger.info(`ready: edited ${file.path}: registers the dependencies plugin`);
  }
  // The queues half of the feature: its files, and its plugin once security is there (the DLQ admin role).
  createQueueFiles(tree, ctx);
  if (ctx.model.queues.length > 0) {
    const queues = planQueuesRegistration(tree, sourceRoot, queuesDir(ctx.projectRoot));
    if (!queues.requiredRegistered) {
      logger.warn(`ready: ${options.project} registers no security plugin, so its queues are not registered; run \`nx g ready:add-security --project=${options.project}\` and rerun.`);
    }
    for (const file of queues.files) {
      tree.write(file.path, file.content);
      logger.info(`ready: edited ${file.path}: registers the queues plugin`);
    }
  }
  tasks.push(addResilienceDependencies(tree, ctx.model));
  if (ctx.model.queues.length > 0 || ctx.model.cache.length > 0) tasks.push(addQueueDependencies(tree, ctx.model));

  if (!options.skipFormat) await formatFiles(tree);
  return runTasksInSerial(...tasks);
}

export default resilienceGenerator;
