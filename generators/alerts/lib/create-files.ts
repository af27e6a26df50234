import { joinPathFragments, logger, type Tree } from '@nx/devkit';
import { generatedMarker, writeDerivedFile } from '../../utils/derived-files';
import type { FeatureContext } from '../../utils/feature';
import { renderDashboard } from './render-dashboard';
import { renderRuleTests } from './render-rule-tests';
import { renderRulesFile } from './render-rules-file';
import { runbookLinkWarning } from './runbook-url';

/** Where the alerts feature writes, relative to the workspace root. */
export function alertsFilePaths(projectRoot: string) {
  return {
    rules: joinPathFragments(projectRoot, 'deploy/prometheus/rules.yaml'),
    ruleTests: joinPathFragments(projectRoot, 'deploy/prometheus/rules.test.yaml'),
    dashboard: joinPathFragments(projectRoot, 'deploy/grafana/dashboard.json'),
  };
}

/**
 * Render Prometheus rules, their promtool unit tests and the Grafana dashboard of a service. All three
 * are derived from ready.yaml and rewritten on every run; everything is rendered before the first
 * write, so a bad alert override writes nothing.
 */
export function createAlertsFiles(tree: Tree, ctx: FeatureContext): void {
  const { model, projectRoot } = ctx;
  const marker = generatedMarker(ctx.regenerate);
  const paths = alertsFilePaths(projectRoot);
  const files: [string, string][] = [
    [paths.rules, renderRulesFile(model, projectRoot, marker)],
    [paths.ruleTests, renderRuleTests(model, projectRoot, marker)],
    [paths.dashboard, renderDashboard(model, marker)],
  ];
  const previousRules = tree.read(paths.rules, 'utf-8');
  for (const [path, content] of files) writeDerivedFile(tree, path, content);
  const warning = runbookLinkWarning(model, previousRules);
  if (warning) logger.warn(warning);
}
