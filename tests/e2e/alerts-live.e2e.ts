/**
 * The generated alert rules, dashboard and doc queries against the running service, through a real Prometheus
 * (Debian package `prometheus`) that scrapes it and evaluates the generated rules: the generated verify-alerts
 * script finds no selector that can match nothing, and it does find one when a rule names a metric the service
 * does not have.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { e2eServiceEnv } from './support/service-env';
import { freePort, startService, type RunningService } from './support/service-process';
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

let service: RunningService | undefined;
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
  const env = e2eServiceEnv();
  service = await startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, env);
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const config = path.join(dataDir, 'prometheus.yml');
  // As in a cluster: the job is the service's name, and the target carries the namespace and pod labels.
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: [${JSON.stringify(path.join(app, 'deploy/prometheus/rules.yaml'))}]`,
      'scrape_configs:',
      `  - job_name: ${E2E_SERVICE}`,
      `    static_configs: [{ targets: ['127.0.0.1:${service.port}'], labels: { namespace: ${E2E_SERVICE}-prod, pod: ${E2E_SERVICE}-e2e } }]`,
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
