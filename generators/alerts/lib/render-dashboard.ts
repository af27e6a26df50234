import { createHash } from 'node:crypto';
import type { ReadyModel } from '@ready-tools/config';
import { businessMetricViews } from '../../utils/business-metrics';
import { sampleNamespace } from './alerts/common';
import { POOLED_KINDS } from './alerts/dependencies';
import { availabilitySlo, latencyBucketMatcher, latencySlo, latencyThresholdSeconds } from './alerts/slo';

/** Grafana 11 dashboards; older Grafanas migrate down poorly, newer ones migrate up. */
export const DASHBOARD_SCHEMA_VERSION = 39;

interface Target {
  expr: string;
  legend: string;
}

interface PanelSpec {
  title: string;
  description: string;
  type: 'timeseries' | 'stat';
  unit: string;
  targets: Target[];
  /** Grid columns out of 24. */
  width?: number;
  mappings?: unknown[];
  thresholds?: { color: string; value: number | null }[];
}

interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const PANEL_HEIGHT = 8;

/** A Grafana uid (at most 40 characters of [A-Za-z0-9_-]) that stays the same for the same service. */
export function dashboardUid(model: ReadyModel): string {
  const uid = `ready-${model.names.kebab}`;
  if (uid.length <= 40) return uid;
  const hash = createHash('sha256').update(model.names.kebab).digest('hex').slice(0, 8);
  return `${uid.slice(0, 31)}-${hash}`;
}

const alternation = (names: string[]) => names.join('|');

function rows(model: ReadyModel): RowSpec[] {
  const svc = `job="${model.names.kebab}",namespace="$namespace"`;
  const pod = `namespace="$namespace",container="${model.names.kebab}"`;
  const rate = (metric: string, extra = '') => `rate(${metric}{${svc}${extra}}[$__rate_interval])`;
  const availability = availabilitySlo(model);
  const latency = latencySlo(model);
  const window = model.slo.window;
  const quantile = (q: number) => ({
    expr: `histogram_quantile(${q}, sum by (route, le) (${rate('http_request_duration_seconds_bucket')}))`,
    legend: `p${Math.round(q * 100)} {{route}}`,
  });

  const result: RowSpec[] = [
    {
      title: 'Requests (RED)',
      panels: [
        {
          title: 'Request rate by route',
          description: 'Requests per second, by route template.',
          type: 'timeseries',
          unit: 'reqps',
          targets: [{ expr: `sum by (route) (${rate('http_request_duration_seconds_count')})`, legend: '{{route}}' }],
        },
        {
          title: '5xx ratio',
          description: 'Share of requests answered with a 5xx status.',
          type: 'timeseries',
          unit: 'percentunit',
          targets: [
            {
              expr: `(sum(${rate('http_request_duration_seconds_count', ',status_code=~"5.."')}) or vector(0)) / sum(${rate('http_request_duration_seconds_count')})`,
              legend: '5xx ratio',
            },
          ],
        },
        {
          title: 'Latency p50 / p95 / p99 by route',
          description: `Request duration quantiles; the SLO threshold is ${model.slo.latency.thresholdMs}ms.`,
          type: 'timeseries',
          unit: 's',
          targets: [quantile(0.5), quantile(0.95), quantile(0.99)],
        },
        {
          title: 'In-flight requests',
          description: 'Requests being served, per pod.',
          type: 'timeseries',
          unit: 'short',
          targets: [{ expr: `sum by (pod) (http_requests_in_flight{${svc}})`, legend: '{{pod}}' }],
        },
      ],
    },
    {
      title: `SLO (${window} window)`,
      panels: [
        {
          title: 'Availability error budget remaining',
          description: `Share of the ${window} error budget (${availability.target}% availability) not yet spent; below 0 the SLO is missed.`,
          type: 'stat',
          unit: 'percentunit',
          width: 8,
          targets: [
            {
              expr:
                `1 - ((sum(increase(http_request_duration_seconds_count{${svc},status_code=~"5.."}[${window}])) or vector(0))` +
                ` / sum(increase(http_request_duration_seconds_count{${svc}}[${window}]))) / ${availability.budget}`,
              legend: 'remaining',
            },
          ],
          thresholds: [
            { color: 'red', value: null },
            { color: 'orange', value: 0 },
            { color: 'green', value: 0.25 },
          ],
        },
        {
          title: 'Latency error budget remaining',
          description: `Share of the ${window} budget of requests slower than ${model.slo.latency.thresholdMs}ms (${latency.target}% must be faster) not yet spent.`,
          type: 'stat',
          unit: 'percentunit',
          width: 8,
          targets: [
            {
              expr:
                `1 - (1 - sum(increase(http_request_duration_seconds_bucket{${svc},${latencyBucketMatcher(latencyThresholdSeconds(model))}}[${window}]))` +
                ` / sum(increase(http_request_duration_seconds_count{${svc}}[${window}]))) / ${latency.budget}`,
              legend: 'remaining',
            },
          ],
          thresholds: [
            { color: 'red', value: null },
            { color: 'orange', value: 0 },
            { color: 'green', value: 0.25 },
          ],
        },
        {
          title: 'Error budget burn rate (1h)',
          description: 'How many times faster than sustainable the budget burns; the page alerts fire above 14.4 (1h) and 6 (6h).',
          type: 'timeseries',
          unit: 'short',
          width: 8,
          targets: [
            {
              expr: `((sum(rate(http_request_duration_seconds_count{${svc},status_code=~"5.."}[1h])) or vector(0)) / sum(rate(http_request_duration_seconds_count{${svc}}[1h]))) / ${availability.budget}`,
              legend: 'availability',
            },
          ],
        },
      ],
    },
  ];

  if (model.dependencies.length > 0) {
    const deps = `,dependency=~"${alternation(model.dependencies.map((d) => d.name))}"`;
    const pooled = model.dependencies.filter((d) => POOLED_KINDS.includes(d.kind));
    const llms = model.dependencies.filter((d) => d.kind === 'http' && d.llm);
    result.push({
      title: 'Dependencies',
      panels: [
        {
          title: 'Dependency calls by outcome',
          description: 'Outbound calls per second, per dependency and outcome.',
          type: 'timeseries',
          unit: 'reqps',
          targets: [{ expr: `sum by (dependency, outcome) (${rate('dependency_requests_total', deps)})`, legend: '{{dependency}} {{outcome}}' }],
        },
        {
          title: 'Dependency latency p95',
          description: 'p95 duration of outbound calls, per dependency.',
          type: 'timeseries',
          unit: 's',
          targets: [
            { expr: `histogram_quantile(0.95, sum by (dependency, le) (${rate('dependency_request_duration_seconds_bucket', deps)}))`, legend: '{{dependency}}' },
          ],
        },
        {
          title: 'Circuit breaker state',
          description: 'Worst breaker state over the pods: 0 closed, 1 half-open, 2 open.',
          type: 'timeseries',
          unit: 'short',
          targets: [{ expr: `max by (dependency) (circuit_breaker_state{${svc}${deps}})`, legend: '{{dependency}}' }],
          mappings: [
            {
              type: 'value',
              options: { '0': { text: 'closed', color: 'green' }, '1': { text: 'half-open', color: 'orange' }, '2': { text: 'open', color: 'red' } },
            },
          ],
        },
        ...(pooled.length > 0
          ? [
              {
                title: 'Connection pools',
                description: 'Pool connections by state (idle, used, waiting callers), per dependency.',
                type: 'timeseries' as const,
                unit: 'short',
                targets: [
                  {
                    expr: `sum by (dependency, state) (db_pool_connections{${svc},dependency=~"${alternation(pooled.map((d) => d.name))}"})`,
                    legend: '{{dependency}} {{state}}',
                  },
                ],
              },
            ]
          : []),
        ...(llms.length > 0
          ? [
              {
                title: 'LLM calls by outcome',
                description: 'Calls to LLM providers per second, by outcome.',
                type: 'timeseries' as const,
                unit: 'reqps',
                targets: [
                  {
                    expr: `sum by (dependency, outcome) (${rate('llm_requests_total', `,dependency=~"${alternation(llms.map((d) => d.name))}"`)})`,
                    legend: '{{dependency}} {{outcome}}',
                  },
                ],
              },
            ]
          : []),
      ],
    });
  }

  if (model.queues.length > 0) {
    const queues = `,queue=~"${alternation(model.queues.map((q) => q.name))}"`;
    result.push({
      title: 'Queues',
      panels: [
        {
          title: 'Queue depth',
          description: 'Jobs waiting, per queue.',
          type: 'timeseries',
          unit: 'short',
          width: 8,
          targets: [{ expr: `max by (queue) (queue_depth{${svc}${queues}})`, legend: '{{queue}}' }],
        },
        {
          title: 'Dead-letter queue depth',
          description: `Jobs that exhausted their attempts, per queue (alerts above ${model.queues.map((q) => `${q.name}: ${q.dlq.maxDepthAlert}`).join(', ')}).`,
          type: 'timeseries',
          unit: 'short',
          width: 8,
          targets: [{ expr: `max by (queue) (queue_dlq_depth{${svc}${queues}})`, legend: '{{queue}}' }],
        },
        {
          title: 'Oldest dead-lettered job',
          description: `Age of the oldest DLQ job, per queue (alerts above ${model.queues.map((q) => `${q.name}: ${q.dlq.maxAgeAlert}s`).join(', ')}).`,
          type: 'timeseries',
          unit: 's',
          width: 8,
          targets: [{ expr: `max by (queue) (queue_dlq_oldest_age_seconds{${svc}${queues}})`, legend: '{{queue}}' }],
        },
      ],
    });
  }

  const business = businessMetricViews(model);
  if (business.length > 0) {
    result.push({
      title: 'Business metrics',
      panels: business.map((m) => ({
        title: m.type === 'counter' ? `${m.name} (per second)` : m.type === 'histogram' ? `${m.name} (p50, p95)` : m.name,
        description: `${m.help} (${m.type} ${m.fullName}, ready.yaml metrics)`,
        type: 'timeseries' as const,
        unit: m.unit,
        width: business.length === 1 ? 24 : business.length === 2 ? 12 : 8,
        targets: m.query(svc, '$__rate_interval').map((expr, i) => ({
          expr,
          legend: [m.type === 'histogram' ? (i === 0 ? 'p50' : 'p95') : '', ...Object.keys(m.labels).map((l) => `{{${l}}}`)].filter(Boolean).join(' ') || m.name,
        })),
      })),
    });
  }

  result.push({
    title: 'Security and load',
    panels: [
      {
        title: 'Auth failures by reason',
        description: 'Requests rejected with 401, per reason.',
        type: 'timeseries',
        unit: 'reqps',
        width: 8,
        targets: [{ expr: `sum by (reason) (${rate('auth_failures_total')})`, legend: '{{reason}}' }],
      },
      {
        title: 'Rate-limited requests',
        description: 'Requests answered 429, per route.',
        type: 'timeseries',
        unit: 'reqps',
        width: 8,
        targets: [{ expr: `sum by (route) (${rate('rate_limited_total')})`, legend: '{{route}}' }],
      },
      {
        title: 'Load shedding',
        description: 'Requests answered 503 by under-pressure.',
        type: 'timeseries',
        unit: 'reqps',
        width: 8,
        targets: [{ expr: `sum(${rate('load_shedding_rejections_total')})`, legend: 'shed' }],
      },
    ],
  });

  result.push({
    title: 'Pods',
    panels: [
      {
        title: 'Memory working set / limit',
        description: 'Memory use of each pod as a share of its limit; the alert fires above 90%.',
        type: 'timeseries',
        unit: 'percentunit',
        targets: [
          {
            expr:
              `max by (pod) (container_memory_working_set_bytes{${pod}})` +
              ` / max by (pod) (kube_pod_container_resource_limits{${pod},resource="memory"})`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'Container restarts (1h)',
        description: 'Restarts of the service container in the last hour, per pod.',
        type: 'timeseries',
        unit: 'short',
        targets: [{ expr: `max by (pod) (increase(kube_pod_container_status_restarts_total{${pod}}[1h]))`, legend: '{{pod}}' }],
      },
    ],
  });
  return result;
}

function panelJson(spec: PanelSpec, id: number, gridPos: { h: number; w: number; x: number; y: number }) {
  return {
    id,
    type: spec.type,
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    gridPos,
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        ...(spec.mappings ? { mappings: spec.mappings } : {}),
        ...(spec.thresholds ? { thresholds: { mode: 'absolute', steps: spec.thresholds }, color: { mode: 'thresholds' } } : {}),
      },
      overrides: [],
    },
    options:
      spec.type === 'stat'
        ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none', textMode: 'auto' }
        : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: spec.targets.map((t, i) => ({ datasource: DATASOURCE, expr: t.expr, legendFormat: t.legend, range: true, refId: String.fromCharCode(65 + i) })),
  };
}

/** Panels in rows of 24 columns: each row header, then its panels left to right. */
function layout(specs: RowSpec[]) {
  const panels: unknown[] = [];
  let id = 1;
  let y = 0;
  for (const row of specs) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    for (const panel of row.panels) {
      const w = panel.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push(panelJson(panel, id++, { h: PANEL_HEIGHT, w, x, y }));
      x += w;
    }
    y += PANEL_HEIGHT;
  }
  return panels;
}

/** The Grafana dashboard as data; JSON has no comments, so the generated marker is its description. */
export function dashboard(model: ReadyModel, marker: string): Record<string, unknown> {
  const current = sampleNamespace(model);
  const namespaces = model.environments.map((env) => env.namespace);
  return {
    uid: dashboardUid(model),
    title: `${model.names.kebab} service`,
    description: `${marker}. RED, SLO error budget, dependencies, queues and security of ${model.names.kebab}.`,
    tags: ['ready', model.names.kebab],
    editable: true,
    graphTooltip: 1,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1, regex: '', options: [] },
        {
          name: 'namespace',
          label: 'Namespace',
          type: 'custom',
          query: namespaces.join(','),
          current: { selected: true, text: current, value: current },
          options: namespaces.map((ns) => ({ selected: ns === current, text: ns, value: ns })),
          multi: false,
          includeAll: false,
          hide: 0,
        },
      ],
    },
    panels: layout(rows(model)),
  };
}

export function renderDashboard(model: ReadyModel, marker: string): string {
  return `${JSON.stringify(dashboard(model, marker), null, 2)}\n`;
}
