import type { ReadyFeature } from '../utils/feature';
import { lezerHighlightVersion, lezerLrVersion, lezerPromqlVersion, yamlVersion } from '../utils/versions';
import { createAlertsFiles } from './lib/create-files';

/** What scripts/verify-alerts.mjs imports. */
export const alertsPackages = {
  devDependencies: { '@prometheus-io/lezer-promql': lezerPromqlVersion, '@lezer/lr': lezerLrVersion, '@lezer/highlight': lezerHighlightVersion, yaml: yamlVersion },
};

/**
 * Prometheus alert rules with their unit tests, a Grafana dashboard (`deploy/prometheus/`, `deploy/grafana/`), and
 * `scripts/verify-alerts.mjs` (the verify-alerts target), which checks their selectors against a live Prometheus.
 */
export const alertsFeature: ReadyFeature = {
  name: 'alerts',
  enabled: () => true,
  packages: () => alertsPackages,
  createFiles: createAlertsFiles,
  readmeOrder: 4,
};
