import path from 'node:path';
import { joinPathFragments, type Tree } from '@nx/devkit';
import { generatedMarker, removeDerivedFiles, writeDerivedTemplates } from '../../utils/derived-files';
import type { FeatureContext } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';
import { businessMetricViews } from '../../utils/business-metrics';

const str = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

export const businessMetricsDir = (projectRoot: string) => joinPathFragments(projectRoot, 'src', 'business-metrics');
const testFile = (projectRoot: string) => joinPathFragments(projectRoot, 'test', 'business-metrics.test.ts');

/** Derived `src/business-metrics/index.ts` and `test/business-metrics.test.ts`, from ready.yaml's `metrics`. */
export function createBusinessMetricsFiles(tree: Tree, ctx: FeatureContext): void {
  const source = templatesDir('business-metrics');
  const vars = { tmpl: '', model: ctx.model, marker: generatedMarker(ctx.regenerate), str, metrics: businessMetricViews(ctx.model) };
  writeDerivedTemplates(tree, path.join(source, 'derived'), businessMetricsDir(ctx.projectRoot), vars);
  writeDerivedTemplates(tree, path.join(source, 'test'), joinPathFragments(ctx.projectRoot, 'test'), vars);
}

/** The last metric left ready.yaml: the plugin is out of src/config/plugins.ts, so its generated files go (the team's copies stay). */
export function retireBusinessMetrics(tree: Tree, ctx: FeatureContext): string[] {
  return removeDerivedFiles(tree, [joinPathFragments(businessMetricsDir(ctx.projectRoot), 'index.ts'), testFile(ctx.projectRoot)]);
}
