import { logger, type Tree } from '@nx/devkit';
import type { FeatureContext } from '../../utils/feature';
import { DEPENDABOT_PATH } from './github/paths';
import { dependabotUpdates, mergeDependabotConfig } from './github/merge-dependabot';
import { ciProviderFor } from './providers';
import { writeDerivedFile } from '../../utils/derived-files';

/**
 * Render the service's CI: the provider's workflow files (derived: rewritten on every run, a file the
 * user wrote without the generated marker is kept) and, for GitHub, the workspace's shared Dependabot
 * config (merged, never rewritten).
 */
export function createCiFiles(tree: Tree, ctx: FeatureContext): void {
  for (const file of ciProviderFor(ctx.model).renderWorkflows(ctx)) {
    writeDerivedFile(tree, file.path, file.content);
  }
  if (ctx.model.ci.provider === 'github') updateDependabot(tree, ctx);
}

function updateDependabot(tree: Tree, ctx: FeatureContext): void {
  const result = mergeDependabotConfig(tree.read(DEPENDABOT_PATH, 'utf-8'), dependabotUpdates(ctx));
  if ('warning' in result) logger.warn(`ready: ${result.warning}`);
  else if ('content' in result) tree.write(DEPENDABOT_PATH, result.content);
}
