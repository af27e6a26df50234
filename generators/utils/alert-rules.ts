import type { ReadyModel } from '@ready-tools/config';

/**
 * The alert and recording rules of a service, as data. The alerts feature computes them once per run from ready.yaml
 * (FeatureContext.alerts); every renderer that needs them (rules.yaml for promtool, the PrometheusRule manifest, the
 * promtool unit tests, the runbooks and the monitoring doc) reads that one set.
 */
export type Severity = 'critical' | 'warning' | 'info';

/**
 * What an alert watches: the runbooks and MONITORING.md are organised by it. `monitoring` watches the monitoring
 * itself: the target is scraped, the SLI series exist, and the Watchdog heartbeat reaches Alertmanager.
 */
export type AlertTopic = 'slo' | 'symptom' | 'platform' | 'monitoring' | 'dependency' | 'queue' | 'security';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: Severity } & Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string } & Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: (AlertRule | RecordingRule)[];
}

/** One input series of a promtool unit test, in promtool's expanding notation (`0+60x90`). */
export interface TestSeries {
  series: string;
  values: string;
}

/** Input series and the labels and value the alert should carry when they make it fire. */
export interface FiringCase {
  series: TestSeries[];
  /** Labels the expression itself yields (the rule's own labels are added by the renderer). */
  labels: Record<string, string>;
  /** The `$value` the annotations are expanded with. */
  value: number;
}

/**
 * An alert together with the evidence that it works: series that make it fire and healthy series
 * that keep it silent. Both come from the same parameters as the rule, so an override changes both.
 */
export interface AlertDefinition {
  group: string;
  topic: AlertTopic;
  /** The dependency or queue of ready.yaml it watches, by name. */
  dependency?: string;
  queue?: string;
  rule: AlertRule;
  /** The overridable threshold, in the alert's own unit; undefined when the alert has none. */
  threshold?: number;
  firing: FiringCase;
  silent: TestSeries[];
  /** More healthy or harmless cases, each a named promtool test where the alert stays silent. */
  alsoSilent?: { when: string; series: TestSeries[] }[];
  /**
   * Minutes of data the expression needs before its value is exact (the longest range selector);
   * the firing case is evaluated after this plus `for`.
   */
  warmupMinutes: number;
}

/** Every rule of a service: its rule groups (recording rules first) and its alerts with their evidence, in rule order. */
export interface AlertSet {
  groups: RuleGroup[];
  definitions: AlertDefinition[];
}

/** Where the Alertmanager reads the integration secrets (mounted files: its config holds none). */
export function alertmanagerSecretsDir(model: ReadyModel): string {
  return `/etc/alertmanager/secrets/${model.names.kebab}-alerting`;
}
