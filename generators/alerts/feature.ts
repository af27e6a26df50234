import type { ReadyFeature } from '../utils/feature';
import { createAlertsFiles } from './lib/create-files';

/** Prometheus alert rules with their unit tests, and a Grafana dashboard: `deploy/prometheus/`, `deploy/grafana/`. */
export const alertsFeature: ReadyFeature = {
  name: 'alerts',
  enabled: () => true,
  createFiles: createAlertsFiles,
  readmeOrder: 4,
};
