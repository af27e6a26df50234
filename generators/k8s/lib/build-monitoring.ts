import type { ReadyModel } from '@ready-tools/config';
import type { RuleGroup } from '../../utils/alert-rules';
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

/**
 * Labels of the PrometheusRule. Prometheus Operator only loads rules its `ruleSelector` matches:
 * kube-prometheus-stack selects `release: <helm release>` (here the chart's default release name) and
 * kube-prometheus selects `prometheus: k8s, role: alert-rules`. Patch them in an overlay for another setup.
 */
export function prometheusRuleLabels(model: ReadyModel): Record<string, string> {
  return {
    ...baseLabels(model),
    'app.kubernetes.io/component': 'alerting',
    'app.kubernetes.io/managed-by': 'ready',
    release: 'kube-prometheus-stack',
    prometheus: 'k8s',
    role: 'alert-rules',
  };
}

/** The alert rules as a PrometheusRule (prometheus-operator): the rule groups of the run, the same as rules.yaml. */
export function buildPrometheusRule(model: ReadyModel, groups: RuleGroup[]) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: model.names.kebab, labels: prometheusRuleLabels(model) },
    spec: { groups },
  };
}
