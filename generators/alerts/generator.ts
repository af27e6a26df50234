import { formatFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import { addPackages, installOrSkip } from '../utils/packages';
import { resolveFeatureContext } from '../features';
import { alertsPackages } from './feature';
import { createAlertsFiles } from './lib/create-files';
import type { AlertsGeneratorSchema } from './schema';

/**
 * `nx g ready:add-alerts --project=<name>`: Prometheus recording and alert rules (SLO burn rates,
 * symptoms, dependencies, queues), their promtool unit tests, a Grafana dashboard and the verify-alerts script, all
 * from ready.yaml; the script's packages go to package.json (versions the workspace pins win).
 */
export async function alertsGenerator(tree: Tree, options: AlertsGeneratorSchema): Promise<GeneratorCallback> {
  const ctx = resolveFeatureContext(tree, options.project, 'add-alerts');
  createAlertsFiles(tree, ctx);
  const install = addPackages(tree, alertsPackages);
  if (!options.skipFormat) await formatFiles(tree);
  return installOrSkip(tree, options.skipInstall, [install]);
}

export default alertsGenerator;
