import type { ReadyModel } from '@ready-tools/config';

/**
 * The alert and recording rules of a service, as data. Every renderer that needs them (rules.yaml for
 * promtool, the PrometheusRule manifest, the promtool unit tests, the runbooks) reads this one list.
 */
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: 'critical' | 'warning' | 'info' } & Record<string, string>;
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

/** Where the runbook of an alert is browsed: `<docsBaseUrl>/docs/runbooks/<AlertName>.md`. */
export function runbookUrl(model: ReadyModel, alert: string): string {
  const base = (model.service.docsBaseUrl ?? `https://${model.names.kebab}.docs.invalid`).replace(/\/+$/, '');
  return `${base}/docs/runbooks/${alert}.md`;
}

/** Minimal placeholder implementation; the alerts feature replaces it with the full rule set. */
export function alertRuleGroups(model: ReadyModel): RuleGroup[] {
  const alert = `${model.names.pascal}TargetDown`;
  return [
    {
      name: `${model.names.kebab}.meta`,
      rules: [
        {
          alert,
          expr: `absent(up{job="${model.names.kebab}"} == 1)`,
          for: '5m',
          labels: { severity: 'critical' },
          annotations: {
            summary: `${model.names.kebab} has no scrapeable target`,
            description: `Prometheus has not scraped a healthy ${model.names.kebab} pod for 5 minutes.`,
            runbook_url: runbookUrl(model, alert),
          },
        },
      ],
    },
  ];
}

export function alertNames(model: ReadyModel): string[] {
  return alertRuleGroups(model).flatMap((g) => g.rules.flatMap((r) => ('alert' in r ? [r.alert] : [])));
}

/** The PrometheusRule custom resource (prometheus-operator) carrying the same groups. */
export function prometheusRuleManifest(model: ReadyModel): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: model.names.kebab },
    spec: { groups: alertRuleGroups(model) },
  };
}
