/**
 * The generated alert rules, dashboard and doc queries against the running service, through a real Prometheus
 * (Debian package `prometheus`) that scrapes it and evaluates the generated rules: the generated verify-alerts
 * script finds no selector that can match nothing, and it does find one when a rule names a metric the service
 * does not have. Then faults, one after another, each firing its alerts and no unrelated page, and resolving
 * when it ends. Prometheus evaluates a test overlay of the rules with every window and `for` divided by
 * TIME_SCALE (the shipped rules are not touched); the service's Redis is reached through a proxy this file owns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { bearer, e2eServiceEnv } from './support/service-env';
import { freePort, startService, type RunningService } from './support/service-process';
import { tcpProxy, type TcpProxy } from './support/tcp-proxy';
import { run } from './support/workspace';

const ws = inject('workspace');
const app = path.join(ws, 'apps', E2E_SERVICE);
const script = path.join(app, 'scripts/verify-alerts.mjs');

interface VerifyResult {
  queries: number;
  selectors: number;
  checked: number;
  offenders: number;
  quiet: number;
  platformSkipped: number;
  offenderList: { at: string; selector?: string; problem: string }[];
  quietList: { selector: string }[];
}

/** The overlay's clock: 5m windows become 10s, `for: 5m` becomes 10s, 1h becomes 2m. */
const TIME_SCALE = 30;
const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const scaled = (duration: string) => {
  const [, n, unit] = /^(\d+)([smhd])$/.exec(duration) ?? [];
  if (!n) throw new Error(`unexpected duration ${duration}`);
  return `${Math.max(1, Math.round((Number(n) * SECONDS[unit]) / TIME_SCALE))}s`;
};

/** The generated rules with every range and `for` divided by TIME_SCALE, for this test's Prometheus only. */
function fastRules(file: string): string {
  const doc = parseYaml(readFileSync(file, 'utf-8')) as { groups: { rules: { expr: string; for?: string }[] }[] };
  for (const group of doc.groups) {
    for (const rule of group.rules) {
      rule.expr = rule.expr.replace(/\[(\d+[smhd])\]/g, (_, d: string) => `[${scaled(d)}]`);
      if (rule.for) rule.for = scaled(rule.for);
    }
  }
  return stringifyYaml(doc);
}

const env: Record<string, string> = { ...e2eServiceEnv(), QUEUE_PREFIX: `e2e-alerts-${randomBytes(4).toString('hex')}` };
let service: RunningService | undefined;
let servicePort = 0;
let redis: TcpProxy;
let prometheus: ChildProcess | undefined;
let promUrl = '';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ready-prometheus-'));

async function promQuery(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return body.data.result;
}

/** Polls (bounded by count, not by the clock) until `check` holds. */
async function until(check: () => Promise<boolean>, what: string, attempts = 120): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function verify(args: string[] = []): Promise<{ exitCode: number | undefined; result: VerifyResult; all: string }> {
  const res = await execa(process.execPath, [script, `--prometheus=${promUrl}`, '--json', ...args], { cwd: ws, reject: false, all: true });
  return { exitCode: res.exitCode, result: JSON.parse(res.stdout) as VerifyResult, all: res.all ?? '' };
}

beforeAll(async () => {
  await run('npx', ['nx', 'build', E2E_SERVICE, '--outputStyle=static'], { cwd: ws });
  redis = await tcpProxy(new URL(env.CACHE_URL));
  env.CACHE_URL = redis.url;
  servicePort = await freePort();
  service = await startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, env, servicePort);
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const config = path.join(dataDir, 'prometheus.yml');
  const rules = path.join(dataDir, 'rules.fast.yaml');
  writeFileSync(rules, fastRules(path.join(app, 'deploy/prometheus/rules.yaml')));
  // As in a cluster: the job is the service's name, and the target carries the namespace and pod labels.
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: [${JSON.stringify(rules)}]`,
      'scrape_configs:',
      `  - job_name: ${E2E_SERVICE}`,
      `    static_configs: [{ targets: ['127.0.0.1:${servicePort}'], labels: { namespace: ${E2E_SERVICE}-prod, pod: ${E2E_SERVICE}-e2e } }]`,
      '',
    ].join('\n'),
  );
  prometheus = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dataDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  await until(async () => (await fetch(`${promUrl}/-/ready`)).ok, 'Prometheus to be ready');

  // Traffic as users make it: the generated load test (authenticated), and callers without credentials.
  const load = await execa(process.execPath, ['apps/shop/scripts/load-test.mjs', '--url', service.url, '--duration', '2', '--connections', '4'], {
    cwd: ws,
    reject: false,
    all: true,
    env: { JWT_SECRET: env.JWT_SECRET },
  });
  expect(load.exitCode, load.all).toBe(0);
  for (let i = 0; i < 5; i++) await fetch(`${service.url}/v1/items`);
  // Scraped after the traffic, and the rules evaluated over it.
  await until(async () => (await promQuery(`sum(http_request_duration_seconds_count{job="${E2E_SERVICE}",status_code="401"})`)).length > 0, 'the 401s to be scraped');
  await until(async () => (await promQuery(`job:http_request_errors:ratio_rate5m{job="${E2E_SERVICE}"}`)).length > 0, 'the recording rules to be evaluated');
}, 180_000);

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  await service?.stop();
  await redis?.cut();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('alert rules, dashboard and doc queries against the live service (a real Prometheus scraping it)', () => {
  it('nx run <service>:verify-alerts: every selector of every rule, panel and doc query can match series of the service', async () => {
    const { exitCode, result, all } = await verify();
    console.log(`verify-alerts live: ${result.queries} queries, ${result.selectors} distinct selectors checked, ${result.quiet} waiting for 5xx values, ${result.platformSkipped} platform selectors skipped`);
    expect(result.offenderList, all).toEqual([]);
    expect(exitCode).toBe(0);
    // Rules, dashboard, runbooks and troubleshooting are all read: far more than the rules alone.
    expect(result.queries).toBeGreaterThan(100);
    expect(result.selectors).toBeGreaterThan(30);
    // A healthy service has served no 5xx: only the 5xx matchers wait for their values, and --strict counts them.
    expect(result.quietList.every((q) => q.selector.includes('status_code=~"5.."'))).toBe(true);
    const strict = await verify(['--strict']);
    expect(strict.exitCode).toBe(result.quiet > 0 ? 1 : 0);
  });

  it('names the file, the rule and the selector when a rule selects a metric or a label the service does not have', async () => {
    const rules = readFileSync(path.join(app, 'deploy/prometheus/rules.yaml'), 'utf-8');
    const broken = path.join(dataDir, 'rules.broken.yaml');
    writeFileSync(
      broken,
      rules
        .replace(/max_over_time\(circuit_breaker_state\{/, 'max_over_time(circuit_breaker_status{')
        .replace(/db_pool_connections\{job="shop",dependency="orders-db",state="waiting"\}/, 'db_pool_connections{job="shop",dependency="orders-db",pool_state="waiting"}'),
    );
    expect(readFileSync(broken, 'utf-8')).not.toBe(rules);
    const { exitCode, result } = await verify([`--rules=${broken}`]);
    expect(exitCode).toBe(1);
    const offenders = result.offenderList.map((o) => `${o.at} | ${o.selector} | ${o.problem}`);
    expect(offenders).toEqual([
      expect.stringMatching(/rules\.broken\.yaml alert ShopOrdersDbCircuitBreakerOpen \| circuit_breaker_status\{job="shop",dependency="orders-db"\} \| matches no series \(no series of circuit_breaker_status\{job="shop"\}\)/),
      expect.stringMatching(/rules\.broken\.yaml alert ShopOrdersDbPoolExhausted \| .*pool_state="waiting".* \| matches no series \(db_pool_connections\{job="shop"\} has no label pool_state\)/),
    ]);
  });

  it('checks the series under the job name they have in the cluster (--job), and refuses an unreachable Prometheus with exit 2', async () => {
    const other = await verify(['--job=shop-canary']);
    expect(other.exitCode).toBe(1);
    expect(other.result.offenderList.some((o) => o.problem.includes('no series of up{job="shop-canary"}') || o.selector?.includes('job="shop-canary"'))).toBe(true);
    const closed = await freePort();
    const res = await execa(process.execPath, [script, `--prometheus=http://127.0.0.1:${closed}`], { cwd: ws, reject: false, all: true });
    expect(res.exitCode).toBe(2);
    expect(res.all).toMatch(/cannot query http:\/\/127\.0\.0\.1:\d+/);
  });
});

interface PromAlert {
  labels: { alertname: string; severity: string };
  state: 'pending' | 'firing';
}

async function activeAlerts(): Promise<PromAlert[]> {
  const res = await fetch(`${promUrl}/api/v1/alerts`);
  return ((await res.json()) as { data: { alerts: PromAlert[] } }).data.alerts;
}
const firing = async () => (await activeAlerts()).filter((a) => a.state === 'firing');

/**
 * Drives `load` until every alert of `expected` is firing (bounded by count), then checks that no page (critical)
 * outside `related` fires. Returns the seconds from the fault's start to each alert's firing, as observed.
 */
async function untilFiring(expected: string[], related: string[], load: () => Promise<void>, started: number): Promise<Record<string, number>> {
  const firedAt: Record<string, number> = {};
  for (let i = 0; i < 240 && expected.some((name) => !(name in firedAt)); i++) {
    await load();
    for (const alert of await firing()) {
      if (expected.includes(alert.labels.alertname) && !(alert.labels.alertname in firedAt)) firedAt[alert.labels.alertname] = Math.round((performance.now() - started) / 100) / 10;
    }
  }
  expect(Object.keys(firedAt).sort(), 'alerts firing for the fault').toEqual([...expected].sort());
  const pages = (await firing()).filter((a) => a.labels.severity === 'critical' && !related.includes(a.labels.alertname)).map((a) => a.labels.alertname);
  expect(pages, 'pages unrelated to the fault').toEqual([]);
  return firedAt;
}

/** Drives `load` until none of `names` is pending or firing any more (bounded by count); returns the seconds it took. */
async function untilResolved(names: string[], load: () => Promise<void>, started: number): Promise<number> {
  for (let i = 0; i < 240; i++) {
    await load();
    if (!(await activeAlerts()).some((a) => names.includes(a.labels.alertname))) return Math.round((performance.now() - started) / 100) / 10;
  }
  throw new Error(`${names.join(', ')} still active after the fault ended: ${JSON.stringify(await activeAlerts())}`);
}

/** The PromQL lines of an alert's runbook, Diagnosis section, and what each returns now. */
async function diagnosis(alert: string): Promise<{ query: string; result: { metric: Record<string, string>; value: [number, string] }[] }[]> {
  const runbook = readFileSync(path.join(app, 'docs/runbooks', `${alert}.md`), 'utf-8');
  const section = /^## Diagnosis\n([\s\S]*?)^## /m.exec(runbook)?.[1] ?? '';
  const queries = [...section.matchAll(/^```promql\n([\s\S]*?)^```/gm)].flatMap(([, block]) => block.split('\n').filter((l) => l.trim()));
  expect(queries.length, `PromQL in the Diagnosis of ${alert}`).toBeGreaterThan(0);
  return Promise.all(queries.map(async (query) => ({ query, result: await promQuery(query) })));
}

describe(`faults fire their alerts in Prometheus (rules overlay at 1/${TIME_SCALE} of their windows and for)`, () => {
  const callers = Array.from({ length: 20 }, (_, i) => `alerts-e2e-${i}`);
  let next = 0;
  /** What a kubelet does every period: the readiness probe, which runs the dependency checks (dependency_up). */
  const probe = () => fetch(`${service!.url}/health/ready`).then((r) => r.arrayBuffer());
  /** A second of healthy traffic: authenticated list calls from many callers, so the ratios have a denominator. */
  const goodTraffic = async () => {
    const started = performance.now();
    await probe();
    for (let i = 0; i < 10 && performance.now() - started < 1_000; i++) {
      await Promise.all(Array.from({ length: 4 }, () => fetch(`${service!.url}/v1/items`, { headers: bearer(callers[next++ % callers.length]) }).then((r) => r.arrayBuffer())));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (performance.now() - started))));
  };

  it('Redis cut: the cache is down on its health checks, the DLQ routes answer 503 slowly; CacheDown, the error-budget and latency alerts fire, no unrelated page, and all resolve once Redis is back', async () => {
    // Quiet first: nothing of the service is firing before the fault.
    expect((await firing()).map((a) => a.labels.alertname)).toEqual([]);
    const started = performance.now();
    await redis.cut();
    const admin = bearer('alerts-e2e-admin', ['admin']);
    // Half the calls need Redis (each a slow 503 at its deadline), half do not (fast 200s).
    const faultTraffic = async () => {
      await Promise.all([
        probe(),
        ...Array.from({ length: 8 }, () => fetch(`${service!.url}/admin/queues/emails/dlq/stats`, { headers: admin }).then((r) => r.arrayBuffer())),
        ...Array.from({ length: 8 }, () => fetch(`${service!.url}/v1/items`, { headers: bearer(callers[next++ % callers.length]) }).then((r) => r.arrayBuffer())),
      ]);
    };
    const symptoms = ['ShopErrorBudgetBurnFast', 'ShopHighErrorRate', 'ShopLatencyBudgetBurnFast', 'ShopHighLatency'];
    const expected = ['ShopCacheDown', ...symptoms];
    const related = [...expected, 'ShopErrorBudgetBurnSlow', 'ShopLatencyBudgetBurnSlow', 'ShopCacheCircuitBreakerOpen'];
    const firedAt = await untilFiring(expected, related, faultTraffic, started);
    const dlq = await fetch(`${service!.url}/admin/queues/emails/dlq/stats`, { headers: admin });
    expect(dlq.status).toBe(503);
    // Runbook truth: each fired alert's Diagnosis queries show the fault, pointing at the dependency or the route that fails.
    const cacheUp = (await diagnosis('ShopCacheDown')).find((d) => d.query.includes('dependency_up'));
    expect(cacheUp?.result.map((r) => [r.metric.pod, r.value[1]]), 'ShopCacheDown: the Diagnosis shows the cache down on the pod').toEqual([[`${E2E_SERVICE}-e2e`, '0']]);
    for (const alert of symptoms) {
      const shown = await diagnosis(alert);
      const failing = shown.flatMap((d) => d.result).filter((r) => r.metric.route === '/admin/queues/:queue/dlq/stats');
      expect(failing.length, `${alert}: a Diagnosis query shows the failing route\n${JSON.stringify(shown, null, 1)}`).toBeGreaterThan(0);
    }

    await redis.open();
    const back = performance.now();
    const resolvedAfter = await untilResolved(expected, goodTraffic, back);
    console.log(`alerts e2e: Redis cut -> firing after ${JSON.stringify(firedAt)} s (overlay 1/${TIME_SCALE}); resolved ${resolvedAfter} s after Redis came back`);
  }, 600_000);

  it('target down: the process stops, TargetDown fires (a page, and the only one), and resolves when it is back on its port', async () => {
    const started = performance.now();
    await service!.stop();
    const firedAt = await untilFiring(['ShopTargetDown'], ['ShopTargetDown'], () => new Promise((r) => setTimeout(r, 1_000)), started);
    const up = (await diagnosis('ShopTargetDown')).find((d) => d.query.startsWith('up{'));
    expect(up?.result.map((r) => r.value[1]), 'the Diagnosis shows the target down').toEqual(['0']);
    service = await startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, env, servicePort);
    const back = performance.now();
    const resolvedAfter = await untilResolved(['ShopTargetDown'], goodTraffic, back);
    console.log(`alerts e2e: process stopped -> ShopTargetDown firing after ${firedAt.ShopTargetDown} s; resolved ${resolvedAfter} s after the restart`);
  }, 600_000);
});
