import path from 'node:path';
import { REGENERATE_COMMAND } from '../../utils/feature';
import { generateFiles, OverwriteStrategy, type Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import { createObservabilityFiles, generatedMarker } from '../../observability/lib/create-files';
import { writeDerivedTemplates } from '../../utils/derived-files';
import { templatesDir } from '../../utils/paths';
import { createAlertsFiles } from '../../alerts/lib/create-files';
import { createCiFiles } from '../../ci/lib/create-files';
import { createDockerFiles } from '../../docker/lib/create-files';
import { createDocsFiles } from '../../docs/lib/create-files';
import { createQueueFiles } from '../../queues/lib/create-files';
import { createResilienceFiles } from '../../resilience/lib/create-files';
import { createK8sFiles } from '../../k8s/lib/create-files';
import { createSecurityFiles } from '../../security/lib/create-files';
import { envZodExpression, renderEnvExample, serviceEnvVars } from './env-vars';
import type { NormalizedServiceOptions } from './normalize-options';

const str = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function regenerateCommand(options: NormalizedServiceOptions): string {
  return REGENERATE_COMMAND;
}

/** The root tsconfig the app extends, when the workspace has one. */
function rootTsconfig(tree: Tree): string | undefined {
  return tree.exists('tsconfig.base.json') ? 'tsconfig.base.json' : undefined;
}

/**
 * Two kinds of files:
 * - scaffold (main.ts, app.ts, routes, tests, tsconfigs): written once, then the team's; never overwritten;
 * - derived (src/config/*, .env.example, src/observability/config.ts): pure functions of ready.yaml,
 *   marked as generated and rewritten on every run.
 */
export function createServiceFiles(tree: Tree, options: NormalizedServiceOptions, model: ReadyModel): void {
  const source = templatesDir('service');
  const marker = generatedMarker(regenerateCommand(options));
  const envVars = serviceEnvVars(model);
  const vars = {
    tmpl: '',
    model,
    marker,
    str,
    envVars,
    zod: envZodExpression,
    envExample: renderEnvExample(envVars, marker),
    offset: options.offset,
    directory: options.projectRoot,
    rootTsconfig: rootTsconfig(tree),
  };
  generateFiles(tree, path.join(source, 'scaffold'), options.projectRoot, vars, { overwriteStrategy: OverwriteStrategy.KeepExisting });
  writeDerivedTemplates(tree, path.join(source, 'derived'), options.projectRoot, vars);
  const regenerate = regenerateCommand(options);
  createObservabilityFiles(tree, options.projectRoot, model, undefined, regenerate);
  const feature = { projectName: options.projectName, projectRoot: options.projectRoot, model, regenerate, readyService: true };
  createSecurityFiles(tree, feature);
  createResilienceFiles(tree, feature);
  createQueueFiles(tree, feature);
  createAlertsFiles(tree, feature);
  createK8sFiles(tree, feature);
  createCiFiles(tree, feature);
  // Docker after alerts: its compose file scrapes the rules already rendered.
  createDockerFiles(tree, feature);
  // Docs last: they describe every artifact above.
  createDocsFiles(tree, feature);
}
