import type { ReadyModel } from '@ready-tools/config';
import type { AlertDefinition, AlertTopic } from '../../utils/alert-rules';

type Dependency = ReadyModel['dependencies'][number];
type Queue = ReadyModel['queues'][number];

/** One alert as its runbook and the monitoring doc describe it. */
export interface AlertDoc {
  name: string;
  topic: AlertTopic;
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

/** Every alert of the service, in rule order, with the dependency or queue of ready.yaml it watches (from its spec). */
export function describeAlerts(model: ReadyModel, definitions: AlertDefinition[]): AlertDoc[] {
  return definitions.map(({ rule, topic, dependency, queue }) => ({
    name: rule.alert,
    topic,
    severity: rule.labels.severity,
    ...(rule.for ? { for: rule.for } : {}),
    expr: rule.expr,
    summary: annotationInWords(rule.annotations.summary),
    description: annotationInWords(rule.annotations.description),
    runbookUrl: rule.annotations.runbook_url,
    dependency: model.dependencies.find((d) => d.name === dependency),
    queue: model.queues.find((q) => q.name === queue),
  }));
}
