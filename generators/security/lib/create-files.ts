import path from 'node:path';
import { generateFiles, joinPathFragments, OverwriteStrategy, type Tree } from '@nx/devkit';
import { generatedMarker } from '../../observability/lib/create-files';
import type { FeatureContext } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';

const str = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const securityDir = (projectRoot: string) => joinPathFragments(projectRoot, 'src', 'security');

/**
 * Render `<projectRoot>/src/security/`: `config.ts` is derived from ready.yaml (rewritten every run);
 * the other files are scaffold, written once and then owned by the team.
 */
export function createSecurityFiles(tree: Tree, ctx: FeatureContext): void {
  const source = templatesDir('security');
  const target = securityDir(ctx.projectRoot);
  const vars = { tmpl: '', model: ctx.model, marker: generatedMarker(ctx.regenerate), str };
  generateFiles(tree, path.join(source, 'scaffold'), target, vars, { overwriteStrategy: OverwriteStrategy.KeepExisting });
  generateFiles(tree, path.join(source, 'derived'), target, vars, { overwriteStrategy: OverwriteStrategy.Overwrite });
}
