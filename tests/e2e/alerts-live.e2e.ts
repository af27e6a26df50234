/**
 * The generated alert rules, dashboard and doc queries against the running service, through a real Prometheus
 * (Debian package `prometheus`) that scrapes it and evaluates the generated rules: the generated verify-alerts
 * script finds no selector that can match nothing, and it does find one when a rule names a metric the service
 * does not have. Then faults, one after another, each firing its alerts and no unrelated page, and resolving
 * when it ends. Prometheus evaluates a test overlay of the rules with every window and `for` divided by
 * TIME_SCALE (the shipped rules are not touched); the service's Redis and Postgres are reached through proxies this
 * file owns. The faults only a team's code can cause (an open breaker, poison jobs, a blocked event loop) run against
 * the generated service with a team's edits (support/team-service.ts), a separate entry outside the shared workspace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { bearer, e2eServiceEnv, e2eToken } from './support/service-env';
import { freePort, startService, type RunningService } from './support/service-process';
import { tcpProxy, type TcpProxy } from './support/tcp-proxy';
import { getFrom, POISON_ERROR, REPORT_MS, writeTeamEntry } from './support/team-service';
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

/**
 * Thresholds the overlay replaces, because no test can wait for them: the oldest dead-lettered job must be an hour
 * old (queues[].dlq.maxAgeAlert) before ShopEmailsDeadLetterQueueStale fires. The test proves the rest: poison jobs
 * reach the DLQ, the age gauge grows with them, and the rule's selector and comparison fire on it.
 */
const OVERLAY_THRESHOLDS: Record<string, number> = { ShopEmailsDeadLetterQueueStale: 5 };

/** The generated rules with every range and `for` divided by TIME_SCALE, for this test's Prometheus only. */
function fastRules(file: string): string {
  const doc = parseYaml(readFileSync(file, 'utf-8')) as { groups: { rules: { alert?: string; expr: string; for?: string }[] }[] };
  const replaced: string[] = [];
  for (const group of doc.groups) {
    for (const rule of group.rules) {
      rule.expr = rule.expr.replace(/\[(\d+[smhd])\]/g, (_, d: string) => `[${scaled(d)}]`);
      if (rule.for) rule.for = scaled(rule.for);
      const threshold = rule.alert === undefined ? undefined : OVERLAY_THRESHOLDS[rule.alert];
      if (threshold !== undefined && / > \d+$/.test(rule.expr)) {
        rule.expr = rule.expr.replace(/ > \d+$/, ` > ${threshold}`);
        replaced.push(rule.alert!);
      }
    }
  }
  expect(replaced.sort(), 'the overlay thresholds').toEqual(Object.keys(OVERLAY_THRESHOLDS).sort());
  return stringifyYaml(doc);
}

const env: Record<string, string> = { ...e2eServiceEnv(), QUEUE_PREFIX: `e2e-alerts-${randomBytes(4).toString('hex')}` };
/** The shared Redis itself, for what this file does besides the service (enqueueing, cleaning its own prefix). */
const REDIS_URL = env.CACHE_URL;
let service: RunningService | undefined;
let servicePort = 0;
let redis: TcpProxy;
let postgres: TcpProxy;
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
  postgres = await tcpProxy(new URL(env.ORDERS_DB_URL));
  env.ORDERS_DB_URL = postgres.url;
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
  await postgres?.cut();
  // The queue keys of this file's prefix (the poison jobs and their DLQ), nothing else of the shared Redis.
  const Redis = createRequire(path.join(ws, 'dist/apps', E2E_SERVICE, 'main.js'))('ioredis') as new (url: string) => {
    keys(p: string): Promise<string[]>;
    del(...k: string[]): Promise<number>;
    quit(): Promise<unknown>;
  };
  const client = new Redis(REDIS_URL);
  const keys = await client.keys(`${env.QUEUE_PREFIX}:*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
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
  labels: { alertname: string; severity: string; watchdog?: string };
  state: 'pending' | 'firing';
}

async function activeAlerts(): Promise<PromAlert[]> {
  const res = await fetch(`${promUrl}/api/v1/alerts`);
  return ((await res.json()) as { data: { alerts: PromAlert[] } }).data.alerts;
}
const firing = async () => (await activeAlerts()).filter((a) => a.state === 'firing');
/** The heartbeat fires all the time: every check of "what fires" other than its own leaves it out. */
const isWatchdog = (a: PromAlert) => a.labels.watchdog === 'true';

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

  it('monitoring the monitoring: the Watchdog fires from the start, and the target and its SLI series are there (TargetMissing, RequestMetricsMissing, LatencyBucketMissing silent)', async () => {
    await until(async () => (await firing()).some((a) => a.labels.alertname === 'ShopWatchdog'), 'the Watchdog to fire');
    const all = await activeAlerts();
    expect(all.filter(isWatchdog).map((a) => [a.labels.alertname, a.labels.severity, a.state])).toEqual([['ShopWatchdog', 'info', 'firing']]);
    // Healthy and scraped: nothing else fires, and the alerts watching the monitoring are not even pending.
    const monitoring = ['ShopTargetMissing', 'ShopRequestMetricsMissing', 'ShopLatencyBucketMissing'];
    expect(all.filter((a) => !isWatchdog(a) && (a.state === 'firing' || monitoring.includes(a.labels.alertname))).map((a) => `${a.labels.alertname} ${a.state}`)).toEqual([]);
    // Its runbook's Diagnosis starts from what Prometheus shows now: the target answers and the heartbeat is firing.
    const shown = await diagnosis('ShopWatchdog');
    expect(shown.find((d) => d.query.startsWith('ALERTS{'))?.result.map((r) => r.metric.alertname)).toEqual(['ShopWatchdog']);
    expect(shown.find((d) => d.query.startsWith('up{'))?.result.map((r) => r.value[1])).toEqual(['1']);
  });

  it('Redis cut: the cache is down on its health checks, the DLQ routes answer 503 slowly; CacheDown, the error-budget and latency alerts fire, no unrelated page, and all resolve once Redis is back', async () => {
    // Quiet first: nothing of the service is firing before the fault (the heartbeat aside).
    expect((await firing()).filter((a) => !isWatchdog(a)).map((a) => a.labels.alertname)).toEqual([]);
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

describe('faults of a team\'s code fire their alerts: open breaker, poison jobs, blocked event loop, forged credentials', () => {
  const dist = path.join(ws, 'dist/apps', E2E_SERVICE);
  const callers = Array.from({ length: 20 }, (_, i) => `alerts-team-${i}`);
  let next = 0;
  const reader = () => bearer(callers[next++ % callers.length]);
  const admin = bearer('alerts-e2e-admin', ['admin']);
  const get = (route: string, headers: Record<string, string> = reader()) =>
    fetch(`${service!.url}${route}`, { headers, signal: AbortSignal.timeout(15_000) }).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
  const sleepRest = (started: number) => new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (performance.now() - started))));
  /** A second of healthy traffic, the orders route included (it needs orders-db), and a readiness probe. */
  const goodTraffic = async () => {
    const started = performance.now();
    await Promise.all([get('/health/ready', {}), ...Array.from({ length: 6 }, () => get('/v1/items')), ...Array.from({ length: 2 }, () => get('/v1/orders/count'))]);
    await sleepRest(started);
  };
  /**
   * Healthy traffic until the previous fault has left what the next one checks (bounded): none of `names` active,
   * and no page firing outside `related` (a page the next fault may raise too, such as an SLO burn whose long
   * window still holds the last fault's errors, may go on).
   */
  const untilQuiet = async (names: string[], related: string[] = names) => {
    for (let i = 0; i < 120; i++) {
      const active = await activeAlerts();
      if (!active.some((a) => names.includes(a.labels.alertname) || (a.state === 'firing' && a.labels.severity === 'critical' && !related.includes(a.labels.alertname)))) return;
      await goodTraffic();
    }
    throw new Error(`still active before the fault: ${JSON.stringify(await activeAlerts())}`);
  };
  const report: string[] = [];

  beforeAll(async () => {
    // The same build, started from the team's entry on the port Prometheus scrapes.
    const entry = writeTeamEntry(dataDir, dist);
    await service?.stop();
    service = await startService(ws, entry, env, servicePort);
    expect(await get('/v1/orders/count')).toBe(200);
    await untilQuiet(['ShopTargetDown', 'ShopRequestMetricsMissing']);
  }, 180_000);

  afterAll(() => {
    console.log(`alerts e2e (overlay 1/${TIME_SCALE}), seconds from the fault's start to firing, and from its end to resolved:\n${report.join('\n')}`);
  });

  it('poison jobs: the DLQ of emails fills up and its oldest job ages; DeadLetterQueueDepthHigh and DeadLetterQueueStale fire, no page, and both resolve once the DLQ is purged', async () => {
    const names = ['ShopEmailsDeadLetterQueueDepthHigh', 'ShopEmailsDeadLetterQueueStale'];
    await untilQuiet(names);
    const load = createRequire(path.join(dist, 'main.js'));
    const { BullmqQueue } = load('./queues/bullmq') as { BullmqQueue: new (def: unknown, options: unknown) => { add(payload: unknown): Promise<string>; close(): Promise<void> } };
    const { queueConfig } = load('./queues/config') as { queueConfig: { queues: Record<string, { attempts: number; dlq: { maxDepthAlert: number } }> } };
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const emails = queueConfig.queues.emails;
    // More poison than the depth threshold of ready.yaml (dlq.maxDepthAlert): each fails every attempt, then waits in the DLQ.
    const poison = emails.dlq.maxDepthAlert + 20;
    const producer = new BullmqQueue(emails, { redisUrl: REDIS_URL, prefix: env.QUEUE_PREFIX, hooks: { observe: () => undefined, log: quiet } });
    const started = performance.now();
    try {
      for (let i = 0; i < poison; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => producer.add({ to: `not an address ${i + j}` })));
      await producer.add({ to: 'alerts-e2e@example.com' });
    } finally {
      await producer.close();
    }
    const firedAt = await untilFiring(names, names, goodTraffic, started);
    // Every poison job has used its attempts (retries back off) and the gauge has been read since.
    await until(async () => (await promQuery(`max(queue_dlq_depth{job="${E2E_SERVICE}",queue="emails"})`))[0]?.value[1] === String(poison), 'every poison job in the DLQ gauge');
    const stats = (await (await fetch(`${service!.url}/admin/queues/emails/dlq/stats`, { headers: admin })).json()) as { depth: number; byError: { error: string; count: number }[] };
    expect(stats.depth).toBe(poison);
    expect(stats.byError).toEqual([{ error: POISON_ERROR, count: poison }]);
    // Runbook truth: the Diagnosis shows the DLQ of emails, as deep as the poison sent, and its oldest job's age.
    for (const alert of names) {
      const shown = await diagnosis(alert);
      const depth = shown.find((d) => d.query.startsWith('max by (queue) (queue_dlq_depth{'))?.result;
      expect(depth?.map((r) => [r.metric.queue, Number(r.value[1])]), `${alert}: the Diagnosis shows the DLQ depth of emails`).toEqual([['emails', poison]]);
      const age = shown.find((d) => d.query.startsWith('max by (queue) (queue_dlq_oldest_age_seconds{'))?.result;
      expect(age?.map((r) => r.metric.queue), `${alert}: the Diagnosis shows the age of the oldest job of emails`).toEqual(['emails']);
      expect(Number(age?.[0].value[1])).toBeGreaterThan(OVERLAY_THRESHOLDS.ShopEmailsDeadLetterQueueStale);
    }
    // The runbook's mitigation for jobs that can never succeed: purge them (admin role).
    const purge = await fetch(`${service!.url}/admin/queues/emails/dlq/purge`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{}' });
    expect(purge.status).toBe(200);
    const back = performance.now();
    const resolvedAfter = await untilResolved(names, goodTraffic, back);
    report.push(`  ${poison} poison jobs -> ${JSON.stringify(firedAt)}; resolved ${resolvedAfter} s after the purge (DLQ age threshold ${OVERLAY_THRESHOLDS.ShopEmailsDeadLetterQueueStale} s in the overlay)`);
  }, 600_000);

  it('forged credentials from several client IPs: AuthFailureStorm fires (a warning, no page) and resolves when they stop; one IP alone cannot fire it', async () => {
    const names = ['ShopAuthFailureStorm'];
    await untilQuiet(names);
    // One client IP is held to the global rate limit of ready.yaml; its 429s are not authentication failures. That
    // limit is the alert's threshold, which the rate must exceed: a storm the alert sees comes from more than one IP.
    const rules = readFileSync(path.join(app, 'deploy/prometheus/rules.yaml'), 'utf-8');
    const threshold = Number(/alert: ShopAuthFailureStorm\n\s+expr: .* > ([\d.]+)\n/.exec(rules)?.[1]);
    const limit = parseYaml(readFileSync(path.join(app, 'ready.yaml'), 'utf-8')) as { rateLimits: { global: { max: number; windowMs: number } } };
    const perIp = limit.rateLimits.global.max / (limit.rateLimits.global.windowMs / 1000);
    expect(perIp, 'failures per second one client IP can cause').toBeLessThanOrEqual(threshold);
    // Loopback addresses of this run (127.0.0.0/8 is local): fresh rate-limit keys, each IP well under its limit.
    const net = `127.${1 + (randomBytes(1)[0] % 250)}.${randomBytes(1)[0]}`;
    const ips = [11, 12, 13, 14].map((host) => `${net}.${host}`);
    const perSecond = Math.ceil((threshold * 2) / ips.length);
    expect(perSecond * ips.length).toBeGreaterThan(threshold);
    expect(perSecond).toBeLessThan(perIp);
    // Tokens with the right issuer and audience, signed with a key the service does not have.
    const forged = () => ({ authorization: `Bearer ${e2eToken(`stuffed-${randomBytes(3).toString('hex')}`, ['reader'], {}, `forged-${randomBytes(16).toString('hex')}`)}` });
    const statuses = new Map<number, number>();
    const storm = async () => {
      const begun = performance.now();
      const sent = ips.flatMap((ip) => Array.from({ length: perSecond }, () => getFrom(ip, `${service!.url}/v1/items`, forged())));
      for (const status of await Promise.all([...sent, get('/v1/items')])) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      await sleepRest(begun);
    };
    const started = performance.now();
    const firedAt = await untilFiring(names, names, storm, started);
    // Every forged call was a 401 (none rate limited), and the authenticated caller kept its 200s.
    expect([...statuses.keys()].sort((a, b) => a - b)).toEqual([200, 401]);
    // Runbook truth: the Diagnosis names the reason of the failures.
    const reasons = (await diagnosis('ShopAuthFailureStorm')).find((d) => d.query.includes('auth_failures_total'))?.result ?? [];
    expect(reasons.filter((r) => Number(r.value[1]) > 0).map((r) => r.metric.reason), 'the Diagnosis shows the failure reason').toEqual(['bad_signature']);
    const back = performance.now();
    const resolvedAfter = await untilResolved(names, goodTraffic, back);
    report.push(`  forged tokens from ${ips.length} IPs at ${perSecond * ips.length}/s (one IP is capped at ${perIp}/s, the threshold is ${threshold}/s) -> ${JSON.stringify(firedAt)}; resolved ${resolvedAfter} s after they stopped`);
  }, 600_000);

  it('orders-db cut under a route that reads it: its breaker opens; CircuitBreakerOpen and Down fire for orders-db, no unrelated page, and both resolve once it is back', async () => {
    const expected = ['ShopOrdersDbCircuitBreakerOpen', 'ShopOrdersDbDown'];
    // Its calls fail (5xx): the availability SLO and the error ratio may fire with it; readiness fails (critical dependency).
    const related = [...expected, 'ShopErrorBudgetBurnFast', 'ShopErrorBudgetBurnSlow', 'ShopHighErrorRate', 'ShopLatencyBudgetBurnFast', 'ShopLatencyBudgetBurnSlow', 'ShopHighLatency', 'ShopOrdersDbPoolExhausted'];
    await untilQuiet(expected, related);
    const started = performance.now();
    await postgres.cut();
    const statuses = new Map<number, number>();
    const faultTraffic = async () => {
      const begun = performance.now();
      const all = await Promise.all([get('/health/ready', {}), ...Array.from({ length: 6 }, () => get('/v1/orders/count')), ...Array.from({ length: 6 }, () => get('/v1/items'))]);
      for (const status of all.slice(1, 7)) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      await sleepRest(begun);
    };
    const firedAt = await untilFiring(expected, related, faultTraffic, started);
    expect([...statuses.keys()].every((status) => status >= 500), `orders route statuses ${JSON.stringify([...statuses])}`).toBe(true);
    // Runbook truth: the breaker of orders-db is open, and orders-db fails the health checks of the pod.
    const shown = await diagnosis('ShopOrdersDbCircuitBreakerOpen');
    const breaker = shown.find((d) => d.query.startsWith('max by (dependency) (circuit_breaker_state{'))?.result;
    expect(breaker?.map((r) => [r.metric.dependency, r.value[1]]), 'the Diagnosis shows the open breaker of orders-db').toEqual([['orders-db', '2']]);
    const up = (await diagnosis('ShopOrdersDbDown')).find((d) => d.query.includes('dependency_up'))?.result;
    expect(up?.map((r) => [r.metric.pod, r.value[1]]), 'the Diagnosis shows orders-db down on the pod').toEqual([[`${E2E_SERVICE}-e2e`, '0']]);
    await postgres.open();
    const back = performance.now();
    const resolvedAfter = await untilResolved(expected, goodTraffic, back);
    expect(await get('/v1/orders/count')).toBe(200);
    report.push(`  orders-db cut -> ${JSON.stringify(firedAt)}; resolved ${resolvedAfter} s after it came back`);
  }, 600_000);

  it(`a route blocking the event loop ${REPORT_MS} ms per call: under-pressure sheds requests with 503; LoadShedding fires, and resolves when the calls stop`, async () => {
    const names = ['ShopLoadShedding'];
    // Slow and shed requests are its symptoms: the latency and availability alerts may fire with it.
    const related = [...names, 'ShopLatencyBudgetBurnFast', 'ShopLatencyBudgetBurnSlow', 'ShopHighLatency', 'ShopErrorBudgetBurnFast', 'ShopErrorBudgetBurnSlow', 'ShopHighErrorRate'];
    await untilQuiet(names, related);
    const statuses = new Map<number, number>();
    let stop = false;
    // Two callers of the report back to back (one always waits while the other blocks the loop), and regular traffic.
    const reports = Array.from({ length: 2 }, async () => {
      for (let i = 0; i < 200 && !stop; i++) {
        const status = await get('/v1/reports/daily');
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
    });
    const started = performance.now();
    let firedAt: Record<string, number>;
    try {
      firedAt = await untilFiring(names, related, goodTraffic, started);
      const shed = (await diagnosis('ShopLoadShedding')).find((d) => d.query.includes('load_shedding_rejections_total'))?.result ?? [];
      expect(shed.filter((r) => Number(r.value[1]) > 0).map((r) => r.metric.cause), 'the Diagnosis shows what the service sheds for').toEqual(['eventLoopDelay']);
    } finally {
      stop = true;
      await Promise.all(reports);
    }
    // Some reports ran (200), the others were shed while the loop was late (503).
    expect([...statuses.keys()].sort((a, b) => a - b), JSON.stringify([...statuses])).toEqual([200, 503]);
    const back = performance.now();
    const resolvedAfter = await untilResolved(names, goodTraffic, back);
    report.push(`  ${REPORT_MS} ms event-loop blocks (${statuses.get(200)} reports run, ${statuses.get(503)} shed) -> ${JSON.stringify(firedAt)}; resolved ${resolvedAfter} s after the calls stopped`);
  }, 600_000);
});
