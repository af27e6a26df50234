import path from 'node:path';
import { REGENERATE_COMMAND } from '../../utils/feature';
import type { Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import { generatedMarker, writeDerivedTemplates, writeScaffoldTemplates } from '../../utils/derived-files';
import { createFeatureFiles, featureContext } from '../../features';
import { envZodExpression, renderEnvExample } from '../../utils/env-vars';
import { templatesDir } from '../../utils/paths';
import { createCompositionRoot } from './composition-root';
import { addMissingLocalEnv } from './update-local-env';
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
  const regenerate = regenerateCommand(options);
  const ctx = featureContext({ projectName: options.projectName, projectRoot: options.projectRoot, model, regenerate, readyService: true });
  const { envVars } = ctx;
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
  writeScaffoldTemplates(tree, path.join(source, 'scaffold'), options.projectRoot, vars);
  writeDerivedTemplates(tree, path.join(source, 'derived'), options.projectRoot, vars);
  // The plugin list app.ts iterates: derived, so a feature enabled later in ready.yaml is registered after nx sync.
  createCompositionRoot(tree, ctx);
  // Every feature in registry order (generators/features.ts): docs last, since they describe the rest.
  createFeatureFiles(tree, ctx);
  addMissingLocalEnv(tree, options.projectRoot, envVars);
}
