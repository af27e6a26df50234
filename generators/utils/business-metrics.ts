import type { ReadyModel } from '@ready-tools/config';

type Metric = ReadyModel['metrics'][number];

/** One declared business metric as the code, the dashboard and MONITORING.md show it. */
export interface BusinessMetricView {
  name: string;
  type: Metric['type'];
  help: string;
  labels: Record<string, string[]>;
  buckets?: number[];
  /** `<prefix>_<name>`, as /metrics exports it. */
  fullName: string;
  /** Its helper: `app.businessMetrics.<prop>` (the name in camelCase, without _total). */
  prop: string;
  /** Label combinations, each a series from startup. */
  series: number;
  /** The series a scrape shows at 0 from startup: the counter or gauge itself, a histogram's _count. */
  sampleName: string;
  /** Grafana unit of its panel. */
  unit: string;
  /** What a caller writes to record it. */
  call: string;
  /** The PromQL that charts it, given the selector of the service's series (e.g. `job="payments"`) and a rate range. */
  query(selector: string, range?: string): string[];
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function unitOf(metric: Metric): string {
  if (/_seconds(_total)?$/.test(metric.name)) return 's';
  if (/_bytes(_total)?$/.test(metric.name)) return 'bytes';
  if (/_ratio$/.test(metric.name)) return 'percentunit';
  return metric.type === 'counter' ? 'cps' : 'short';
}

function callOf(metric: Metric, prop: string): string {
  const entries = Object.entries(metric.labels);
  const labels = entries.length > 0 ? `{ ${entries.map(([k, v]) => `${k}: '${v[0]}'`).join(', ')} }` : '';
  const args = (value: string) => [labels, value].filter(Boolean).join(', ');
  if (metric.type === 'counter') return `app.businessMetrics.${prop}.inc(${labels})`;
  if (metric.type === 'gauge') return `app.businessMetrics.${prop}.set(${args('42')})`;
  return `app.businessMetrics.${prop}.observe(${args('0.25')})`;
}

export function businessMetricViews(model: ReadyModel): BusinessMetricView[] {
  return model.metrics.map((metric) => {
    const fullName = `${model.metricsPrefix}_${metric.name}`;
    const prop = camel(metric.name.replace(/_total$/, ''));
    const labelNames = Object.keys(metric.labels);
    const by = (extra: string[] = []) => {
      const names = [...labelNames, ...extra];
      return names.length > 0 ? `sum by (${names.join(', ')}) ` : 'sum';
    };
    const query = (selector: string, range = '5m'): string[] => {
      if (metric.type === 'counter') return [`${by()}(rate(${fullName}{${selector}}[${range}]))`];
      if (metric.type === 'gauge') return [`${by()}(${fullName}{${selector}})`];
      return [0.5, 0.95].map((q) => `histogram_quantile(${q}, ${by(['le'])}(rate(${fullName}_bucket{${selector}}[${range}])))`);
    };
    return {
      name: metric.name,
      type: metric.type,
      help: metric.help,
      labels: metric.labels,
      buckets: metric.buckets,
      fullName,
      prop,
      series: Object.values(metric.labels).reduce((n, values) => n * values.length, 1),
      sampleName: metric.type === 'histogram' ? `${fullName}_count` : fullName,
      unit: unitOf(metric),
      call: callOf(metric, prop),
      query,
    };
  });
}
