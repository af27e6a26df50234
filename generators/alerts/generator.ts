import { formatFiles, type Tree } from '@nx/devkit';
import { resolveFeatureContext } from '../features';
import { createAlertsFiles } from './lib/create-files';
import type { AlertsGeneratorSchema } from './schema';

/**
 * `nx g ready:add-alerts --project=<name>`: Prometheus recording and alert rules (SLO burn rates,
 * symptoms, dependencies, queues), their promtool unit tests and a Grafana dashboard, all from ready.yaml.
 */
export async function alertsGenerator(tree: Tree, options: AlertsGeneratorSchema): Promise<void> {
  const ctx = resolveFeatureContext(tree, options.project, 'add-alerts');
  createAlertsFiles(tree, ctx);
  if (!options.skipFormat) await formatFiles(tree);
}

export default alertsGenerator;
