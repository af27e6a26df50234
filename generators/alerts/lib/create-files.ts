import path from 'node:path';
import { joinPathFragments, logger, type TargetConfiguration, type Tree } from '@nx/devkit';
import { generatedMarker, renderTemplateDir, writeDerivedFile } from '../../utils/derived-files';
import type { FeatureContext } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';
import { addTargetOnce } from '../../utils/project-target';
import { renderAlertmanagerConfig } from './render-alertmanager';
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
    alertmanager: joinPathFragments(projectRoot, 'deploy/alertmanager/alertmanager.yaml'),
    docs: joinPathFragments(projectRoot, 'docs'),
  };
}

export const VERIFY_ALERTS_TARGET = 'verify-alerts';

/** `nx run <project>:verify-alerts --prometheus=<url>`: every selector of the rules, dashboard and runbooks, against a live Prometheus. */
function verifyAlertsTarget(projectRoot: string, serviceName: string): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    metadata: { description: `Check that every selector of ${serviceName}'s alert rules, dashboard and runbook queries matches series in a live Prometheus (--prometheus=<url>).` },
    options: { command: `node ${projectRoot}/scripts/verify-alerts.mjs` },
  };
}

/**
 * Render Prometheus rules, their promtool unit tests, the Grafana dashboard, the Alertmanager routing and the
 * verify-alerts script of a service. All are derived from ready.yaml and rewritten on every run; everything is rendered before the first
 * write, so a bad alert override writes nothing.
 */
export function createAlertsFiles(tree: Tree, ctx: FeatureContext): void {
  const { model, projectRoot } = ctx;
  const marker = generatedMarker(ctx.regenerate);
  const paths = alertsFilePaths(projectRoot);
  const files: [string, string][] = [
    [paths.rules, renderRulesFile(model, ctx.alerts.groups, marker)],
    [paths.ruleTests, renderRuleTests(ctx.alerts.definitions, marker)],
    [paths.dashboard, renderDashboard(model, marker)],
    [paths.alertmanager, renderAlertmanagerConfig(model, marker)],
  ];
  const relative = (to: string) => path.posix.relative(projectRoot, to);
  const scriptVars = { marker, serviceName: model.names.kebab, job: model.names.kebab, rulesPath: relative(paths.rules), dashboardPath: relative(paths.dashboard), docsPath: relative(paths.docs) };
  for (const file of renderTemplateDir(path.join(templatesDir('alerts'), 'derived'), scriptVars)) files.push([joinPathFragments(projectRoot, file.path), file.content]);
  const previousRules = tree.read(paths.rules, 'utf-8');
  for (const [file, content] of files) writeDerivedFile(tree, file, content);
  addTargetOnce(tree, ctx.projectName, VERIFY_ALERTS_TARGET, verifyAlertsTarget(projectRoot, model.names.kebab));
  const warning = runbookLinkWarning(model, previousRules);
  if (warning) logger.warn(warning);
}
