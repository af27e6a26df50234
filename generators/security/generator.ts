import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { observabilityGenerator } from '../observability/generator';
import { pluginRegistration, resolveFeatureContext } from '../features';
import { isReadyService } from '../utils/feature';
import { appProject, findServerConstruction, readProjectSources, type AppProject } from '../utils/app-edit/app-project';
import { moduleReferences } from '../utils/app-edit/ast';
import { fitToApp } from '../utils/app-edit/esm';
import { planPluginRegistration, readyFolders } from '../utils/app-edit/register-plugin';
import { addSecurityDependencies } from './lib/add-dependencies';
import { createSecurityFiles, securityDir } from './lib/create-files';
import { planSecurityServerOptions } from './lib/edit-bootstrap';
import type { SecurityGeneratorSchema } from './schema';
import { finishFiles } from '../utils/scaffold-base';
import { installOrSkip } from '../utils/packages';

/** What the app already registers itself, which ready's security plugin then leaves to it (two registrations crash at boot). */
const APP_OWNED: { module: string; option: string; what: string }[] = [
  { module: '@fastify/under-pressure', option: 'loadShedding: false', what: 'load shedding (readiness then does not fail while it sheds)' },
  { module: '@fastify/rate-limit', option: 'rateLimiting: false', what: 'rate limits (ready.yaml rateLimits and rate_limited_total do not apply)' },
  { module: '@fastify/cors', option: 'cors: false', what: 'CORS (ready.yaml http.corsOrigins does not apply)' },
];

function appOwnedProtections(tree: Tree, app: AppProject): { options: string[] } {
  const sources = readProjectSources(tree, app, readyFolders(app.sourceRoot));
  const options: string[] = [];
  for (const owned of APP_OWNED) {
    const source = sources.find((s) => moduleReferences(s).some((r) => r.spec === owned.module));
    if (!source) continue;
    options.push(owned.option);
    logger.info(`ready: ${source.path} registers ${owned.module}: the app keeps its own ${owned.what}; the security plugin takes \`${owned.option}\`.`);
  }
  return { options };
}

/**
 * `nx g ready:add-security --project=api` (alias add-auth): authentication on every route by default,
 * RBAC, rate limits, security headers, CORS, load shedding and an audit trail, configured by ready.yaml's
 * auth, rateLimits and http sections. Observability is added first when the app lacks it, because
 * security answers with its problem+json errors and counts into its metrics registry.
 */
export async function securityGenerator(tree: Tree, options: SecurityGeneratorSchema): Promise<GeneratorCallback> {
  const app = appProject(tree, options.project, 'add-security');
  // Checked before anything is written (ready.yaml included): a framework add-security does not support is refused by name.
  if (!isReadyService(tree, options.project)) findServerConstruction(tree, app, 'add-security');
  const ctx = resolveFeatureContext(tree, options.project, 'add-security');
  const tasks: GeneratorCallback[] = [];

  const placement = { ...pluginRegistration('security', 'security', securityDir(ctx.projectRoot), ctx.model), ...appOwnedProtections(tree, app) };
  let plan = planPluginRegistration(tree, app.sourceRoot, placement);
  if (!ctx.readyService && !plan.requiredRegistered) {
    logger.info('ready: adding observability first (security needs its error handling and metrics).');
    tasks.push(await observabilityGenerator(tree, { project: options.project, skipFormat: true }));
    plan = planPluginRegistration(tree, app.sourceRoot, placement);
  }

  createSecurityFiles(tree, ctx);
  if (!ctx.readyService) await fitToApp(tree, app, [securityDir(ctx.projectRoot)]);
  for (const file of plan.files) {
    tree.write(file.path, file.content);
    logger.info(`ready: edited ${file.path}: registers the security plugin after observability`);
  }
  // A ready:service app spreads securityServerOptions() in its app.ts already; other apps get it in their server construction.
  if (!ctx.readyService) {
    const serverOptions = planSecurityServerOptions(tree, app, securityDir(ctx.projectRoot));
    if (serverOptions) {
      tree.write(serverOptions.path, serverOptions.content);
      logger.info(`ready: edited ${serverOptions.path}: the server takes body and time limits and trusted proxies from ready.yaml`);
    }
  }
  tasks.push(addSecurityDependencies(tree));

  if (ctx.model.auth.mode !== 'none') {
    logger.info(`ready: every route of ${options.project} now requires credentials (${ctx.model.auth.mode}); mark public routes with \`config: { public: true }\`.`);
  }
  await finishFiles(tree, 'add-security', options.skipFormat);
  return installOrSkip(tree, options.skipInstall, tasks);
}

export default securityGenerator;
