import { joinPathFragments, logger, visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { generatedMarker, isGeneratedFile, writeDerivedFile } from '../../utils/derived-files';
import type { FeatureContext } from '../../utils/feature';
import { K8S_DIR, renderK8sManifests } from './render-manifests';

/**
 * Render the Kustomize base and one overlay per environment into `<projectRoot>/deploy/k8s/`.
 * Every file is derived from ready.yaml: rewritten when the config changes, left alone when it
 * does not, never written over when the user owns it (no marker). Generated files of an
 * environment or an Ingress that the config no longer has are removed.
 */
export function createK8sFiles(tree: Tree, ctx: FeatureContext): void {
  const root = joinPathFragments(ctx.projectRoot, K8S_DIR);
  const { files, warnings } = renderK8sManifests(ctx.model, generatedMarker(ctx.regenerate), ctx.envVars, ctx.alerts.groups);
  const wanted = new Set(Object.keys(files).map((file) => joinPathFragments(root, file)));

  removeStaleFiles(tree, root, wanted);
  for (const [file, content] of Object.entries(files)) writeDerivedFile(tree, joinPathFragments(root, file), content);
  for (const warning of warnings) logger.warn(`ready: ${warning}`);
}

function removeStaleFiles(tree: Tree, root: string, wanted: Set<string>): void {
  if (!tree.exists(root)) return;
  const stale: string[] = [];
  visitNotIgnoredFiles(tree, root, (file) => {
    if (!wanted.has(file) && file.endsWith('.yaml') && isGeneratedFile(tree, file)) stale.push(file);
  });
  for (const file of stale) {
    tree.delete(file);
    logger.info(`ready: removed ${file}; ready.yaml no longer describes it.`);
  }
}
