import type { ReadyModel } from '@ready-tools/config';
import { alertDefinitions, alertSpecs } from './alert-definitions';
import { groupName } from './alerts/common';
import { sloRecordingRules } from './alerts/slo';
import type { RuleGroup } from './types';

export type { AlertRule, RecordingRule, RuleGroup } from './types';
export { runbookUrl } from './runbook-url';

/**
 * The rule groups of a service: SLO recording rules, then its alerts grouped by topic. Every renderer
 * (rules.yaml, the PrometheusRule, the promtool tests, the runbooks) reads this one list.
 * Throws a ReadyConfigError when `alerts.overrides` names an alert that does not exist.
 */
export function alertRuleGroups(model: ReadyModel, projectRoot?: string): RuleGroup[] {
  const groups: RuleGroup[] = [{ name: groupName(model, 'slo-recording'), rules: sloRecordingRules(model) }];
  for (const def of alertDefinitions(model, projectRoot)) {
    let group = groups.find((g) => g.name === def.group);
    if (!group) {
      group = { name: def.group, rules: [] };
      groups.push(group);
    }
    group.rules.push(def.rule);
  }
  return groups;
}

/** Names of every alert, in rule order; the docs feature writes one runbook per name. */
export function alertNames(model: ReadyModel): string[] {
  return alertSpecs(model).map((spec) => spec.name);
}

/**
 * Labels of the PrometheusRule. Prometheus Operator only loads rules its `ruleSelector` matches:
 * kube-prometheus-stack selects `release: <helm release>` (here the chart's default release name) and
 * kube-prometheus selects `prometheus: k8s, role: alert-rules`. Patch them in an overlay for another setup.
 */
export function prometheusRuleLabels(model: ReadyModel): Record<string, string> {
  return {
    'app.kubernetes.io/name': model.names.kebab,
    'app.kubernetes.io/component': 'alerting',
    'app.kubernetes.io/managed-by': 'ready',
    release: 'kube-prometheus-stack',
    prometheus: 'k8s',
    role: 'alert-rules',
  };
}

/** The PrometheusRule custom resource (prometheus-operator) carrying the same groups. */
export function prometheusRuleManifest(model: ReadyModel, projectRoot?: string): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: model.names.kebab, labels: prometheusRuleLabels(model) },
    spec: { groups: alertRuleGroups(model, projectRoot) },
  };
}
