import type { ReadyModel } from '@ready-tools/config';
import { prometheusRuleManifest } from '../../alerts/lib/rules';
import { baseLabels, baseMetadata, baseSelector, NAME_LABEL } from './labels';

/**
 * Prometheus scrapes /metrics through the Service inside the cluster; the Ingress never routes it.
 * `jobLabel` takes the job from the Service's name label, so `job="<name>"` in every alert matches.
 */
export function buildServiceMonitor(model: ReadyModel) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: baseMetadata(model),
    spec: {
      jobLabel: NAME_LABEL,
      selector: { matchLabels: baseSelector(model) },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }],
    },
  };
}

/** The alert rules as a PrometheusRule, from the one rule list the alerts feature owns. */
export function buildPrometheusRule(model: ReadyModel) {
  const manifest = prometheusRuleManifest(model) as { metadata?: { labels?: Record<string, string> } };
  return { ...manifest, metadata: { ...manifest.metadata, labels: { ...baseLabels(model), ...manifest.metadata?.labels } } };
}
