import type { ReadyModel } from '@ready-tools/config';
import { alertRuleGroups, type AlertRule } from '../../alerts/lib/rules';

type Dependency = ReadyModel['dependencies'][number];
type Queue = ReadyModel['queues'][number];

/** One alert as its runbook and the monitoring doc describe it. */
export interface AlertDoc {
  name: string;
  topic: 'slo' | 'symptom' | 'platform' | 'dependency' | 'queue' | 'security';
  severity: string;
  for?: string;
  expr: string;
  summary: string;
  /** The description annotation with Prometheus template tokens put into words. */
  description: string;
  runbookUrl: string;
  dependency?: Dependency;
  queue?: Queue;
}

const TOPICS: Record<string, AlertDoc['topic']> = {
  'slo-alerts': 'slo',
  symptoms: 'symptom',
  platform: 'platform',
  dependencies: 'dependency',
  queues: 'queue',
  security: 'security',
};

const pascal = (kebab: string) => kebab.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');

/** Longest names first, so `orders-db` wins over `orders` for OrdersDb… alerts. */
const longestFirst = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => b.name.length - a.name.length);

/**
 * Annotation text for people reading a runbook. Alertmanager fills in `{{ $value }}` and the labels when
 * the alert fires; the runbook cannot, so each becomes a named placeholder in code: `<N>%` for a
 * humanized percentage, `<N>` for a number (`<N> s` when seconds follow), `<pod>` for `$labels.pod`.
 * A sentence keeps its subject ("`<N>%` of shop requests failed…"), never "the current value of…".
 */
export function annotationInWords(text: string): string {
  return text
    .replace(/\{\{\s*\$value\s*\|\s*humanizePercentage\s*\}\}/g, '`<N>%`')
    .replace(/\{\{\s*\$value[^}]*\}\}s\b/g, '`<N>` s')
    .replace(/\{\{\s*\$value[^}]*\}\}/g, '`<N>`')
    .replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_m, label: string) => `\`<${label}>\``);
}

/** Every alert of the generated PrometheusRule, in rule order, with the dependency or queue it watches. */
export function describeAlerts(model: ReadyModel, projectRoot: string): AlertDoc[] {
  return alertRuleGroups(model, projectRoot).flatMap((group) => {
    const topic = TOPICS[group.name.slice(model.names.kebab.length + 1)] ?? 'platform';
    return group.rules
      .filter((rule): rule is AlertRule => 'alert' in rule)
      .map((rule) => {
        const rest = rule.alert.slice(model.names.pascal.length);
        return {
          name: rule.alert,
          topic,
          severity: rule.labels.severity,
          ...(rule.for ? { for: rule.for } : {}),
          expr: rule.expr,
          summary: annotationInWords(rule.annotations.summary),
          description: annotationInWords(rule.annotations.description),
          runbookUrl: rule.annotations.runbook_url,
          dependency: topic === 'dependency' ? longestFirst(model.dependencies).find((d) => rest.startsWith(pascal(d.name))) : undefined,
          queue: topic === 'queue' ? longestFirst(model.queues).find((q) => rest.startsWith(pascal(q.name))) : undefined,
        };
      });
  });
}
