import type { ReadyModel } from '@ready-tools/config';
import { alertDefinitions, alertSpecs } from './alert-definitions';
import { groupName } from './alerts/common';
import { sloRecordingRules } from './alerts/slo';
import type { AlertSet, RuleGroup } from '../../utils/alert-rules';

export type { AlertRule, AlertSet, RecordingRule, RuleGroup } from '../../utils/alert-rules';
export { runbookUrl } from './runbook-url';

/**
 * The rule groups of a service: SLO recording rules, then its alerts grouped by topic. Every renderer
 * (rules.yaml, the PrometheusRule, the promtool tests, the runbooks) reads this one list.
 * Throws a ReadyConfigError when `alerts.overrides` names an alert that does not exist.
 */
export function alertSet(model: ReadyModel, projectRoot?: string): AlertSet {
  const definitions = alertDefinitions(model, projectRoot);
  const groups: RuleGroup[] = [{ name: groupName(model, 'slo-recording'), rules: sloRecordingRules(model) }];
  for (const def of definitions) {
    let group = groups.find((g) => g.name === def.group);
    if (!group) {
      group = { name: def.group, rules: [] };
      groups.push(group);
    }
    group.rules.push(def.rule);
  }
  return { groups, definitions };
}

export function alertRuleGroups(model: ReadyModel, projectRoot?: string): RuleGroup[] {
  return alertSet(model, projectRoot).groups;
}

/** Names of every alert, in rule order; the docs feature writes one runbook per name. */
export function alertNames(model: ReadyModel): string[] {
  return alertSpecs(model).map((spec) => spec.name);
}
