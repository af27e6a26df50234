import { stringify } from 'yaml';
import { evalMinutes } from './alerts/common';
import { expandAnnotation } from './expand-annotation';
import type { AlertDefinition } from '../../utils/alert-rules';

function evalTime(def: AlertDefinition): string {
  return `${evalMinutes(def.warmupMinutes, def.rule.for)}m`;
}

function firingTest(def: AlertDefinition) {
  const labels = { ...def.firing.labels, ...def.rule.labels };
  const annotations = Object.fromEntries(Object.entries(def.rule.annotations).map(([k, v]) => [k, expandAnnotation(v, def.firing.value, labels)]));
  return {
    name: `${def.rule.alert} fires`,
    interval: '1m',
    input_series: def.firing.series,
    alert_rule_test: [{ eval_time: evalTime(def), alertname: def.rule.alert, exp_alerts: [{ exp_labels: labels, exp_annotations: annotations }] }],
  };
}

function silentTests(def: AlertDefinition) {
  // A heartbeat (the Watchdog) has no healthy series that silence it: no silent case.
  const healthy = def.silent.length > 0 ? [{ name: `${def.rule.alert} stays silent`, series: def.silent }] : [];
  const cases = [...healthy, ...(def.alsoSilent ?? []).map((c) => ({ name: `${def.rule.alert} stays silent ${c.when}`, series: c.series }))];
  return cases.map((c) => ({
    name: c.name,
    interval: '1m',
    input_series: c.series,
    alert_rule_test: [{ eval_time: evalTime(def), alertname: def.rule.alert, exp_alerts: [] }],
  }));
}

/** promtool unit tests: for every alert, series that make it fire (exact labels and annotations), healthy series (none for the always-firing Watchdog), and its other silent cases. */
export function renderRuleTests(definitions: AlertDefinition[], marker: string): string {
  const tests = definitions.flatMap((def) => [firingTest(def), ...silentTests(def)]);
  return [
    `# ${marker}`,
    `# Unit tests of rules.yaml: promtool test rules rules.test.yaml`,
    stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }, { lineWidth: 0 }),
  ].join('\n');
}
