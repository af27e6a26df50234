import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { addProjectConfiguration, logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseConfigYaml } from '@ready-tools/config';
import { render as renderEjs } from 'ejs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { E2E_CONFIG } from '../../tests/e2e/support/global-setup';
import { alertsGenerator } from './generator';
import { alertsFilePaths } from './lib/create-files';
import { docsTemplatesDir } from '../utils/paths';
import { buildPrometheusRule } from '../k8s/lib/build-monitoring';
import { alertNames, alertRuleGroups, type AlertRule, type RecordingRule, type RuleGroup } from './lib/rules';
import { snapshotTree as snapshot } from '../utils/testing';

const ROOT = 'apps/shop';
const PATHS = alertsFilePaths(ROOT);
const SEVERITIES = ['critical', 'warning', 'info'];

/** promtool from Debian's prometheus package; CI must have it, a local run without it skips those tests. */
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
const withPromtool = hasPromtool || process.env.CI ? it : it.skip;
const hasAmtool = spawnSync('amtool', ['--version']).status === 0;
const withAmtool = hasAmtool || process.env.CI ? it : it.skip;

function amtool(args: string[], cwd: string): { ok: boolean; output: string; stdout: string } {
  if (!hasAmtool) throw new Error('amtool is missing: apt-get update && apt-get install -y prometheus-alertmanager');
  const res = spawnSync('amtool', args, { cwd, encoding: 'utf-8' });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}`, stdout: res.stdout.trim() };
}

/** The amtool on PATH (Debian's is 0.25) and whether it knows the webhook's url_file (Alertmanager 0.26+). */
const amtoolVersion = (() => {
  const res = spawnSync('amtool', ['--version'], { encoding: 'utf-8' });
  const [, major, minor] = /version (\d+)\.(\d+)/.exec(`${res.stdout ?? ''}${res.stderr ?? ''}`) ?? [];
  return { major: Number(major ?? 0), minor: Number(minor ?? 0) };
})();
const amtoolKnowsUrlFile = amtoolVersion.major > 0 || amtoolVersion.minor >= 26;

/**
 * The Alertmanager config as the local amtool can read it. The heartbeat webhook reads its URL from a file, which
 * amtool learnt in 0.26 (the generated CI checks the file as is with a pinned 0.34); an older amtool checks the
 * same file with that one field spelled as an inline URL, and nothing else changed.
 */
function amtoolReadable(text: string): string {
  if (amtoolKnowsUrlFile) return text;
  const readable = text.replace(/^(\s+)(- )?url_file: \S+$/m, '$1$2url: https://heartbeat.invalid/ping');
  const changed = text.split('\n').filter((line, i) => line !== readable.split('\n')[i]);
  expect(changed).toEqual([expect.stringMatching(/url_file: \/etc\/alertmanager\/secrets\/shop-alerting\/heartbeat-url$/)]);
  return readable;
}

function promtool(args: string[], cwd: string): { ok: boolean; output: string } {
  if (!hasPromtool) throw new Error('promtool is missing: apt-get update && apt-get install -y prometheus');
  const res = spawnSync('promtool', args, { cwd, encoding: 'utf-8' });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

interface TestGroup {
  name: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[] }[];
}

function workspace(config = E2E_CONFIG): Tree {
  const tree = createTreeWithEmptyWorkspace();
  addProjectConfiguration(tree, 'shop', { root: ROOT, sourceRoot: `${ROOT}/src` });
  tree.write(`${ROOT}/ready.yaml`, config);
  return tree;
}

const read = (tree: Tree, file: string) => {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`${file} was not written`);
  return text;
};
const groupsOf = (tree: Tree): RuleGroup[] => parse(read(tree, PATHS.rules)).groups;
const alertsOf = (tree: Tree): AlertRule[] => groupsOf(tree).flatMap((g) => g.rules.filter((r): r is AlertRule => 'alert' in r));
const recordsOf = (tree: Tree): RecordingRule[] => groupsOf(tree).flatMap((g) => g.rules.filter((r): r is RecordingRule => 'record' in r));
const testsOf = (tree: Tree): TestGroup[] => parse(read(tree, PATHS.ruleTests)).tests;
const alert = (tree: Tree, name: string) => {
  const found = alertsOf(tree).find((a) => a.alert === name);
  if (!found) throw new Error(`no alert ${name}`);
  return found;
};


function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

const tmpDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ready-alerts-'));
  tmpDirs.push(dir);
  return dir;
}

/** Copy the rendered prometheus folder (or replacement contents) to disk for promtool. */
function writePrometheusDir(tree: Tree, replace: { rules?: string; tests?: string } = {}): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'rules.yaml'), replace.rules ?? read(tree, PATHS.rules));
  writeFileSync(path.join(dir, 'rules.test.yaml'), replace.tests ?? read(tree, PATHS.ruleTests));
  return dir;
}

/** The test file reduced to the groups of some alerts, so promtool checks just them (fast). */
function testsFor(tree: Tree, alerts: string[]): string {
  const doc = parse(read(tree, PATHS.ruleTests));
  doc.tests = doc.tests.filter((t: TestGroup) => t.alert_rule_test.some((a) => alerts.includes(a.alertname)));
  return stringify(doc);
}

afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

describe('ready:add-alerts on the e2e service (postgres, redis, one queue, dev/staging/prod)', () => {
  let tree: Tree;
  let dir: string;

  beforeAll(async () => {
    tree = workspace();
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    dir = writePrometheusDir(tree);
  });

  withPromtool('AR-01: promtool check rules passes', () => {
    const res = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(res.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(res.ok).toBe(true);
  });

  withPromtool('AR-02: promtool test rules passes with zero failures', () => {
    const res = promtool(['test', 'rules', 'rules.test.yaml'], dir);
    expect(res.output).not.toMatch(/FAILED/);
    expect(res.ok).toBe(true);
  });

  it('AR-02: every alert of rules.yaml has a firing case with exact labels and annotations, and a silent case', () => {
    const tests = testsOf(tree);
    const alerts = alertsOf(tree);
    expect(alerts.length).toBeGreaterThan(10);
    for (const rule of alerts) {
      const cases = tests.flatMap((t) => t.alert_rule_test.filter((a) => a.alertname === rule.alert).map((a) => ({ ...a, series: t.input_series })));
      const firing = cases.filter((c) => c.exp_alerts.length > 0);
      const silent = cases.filter((c) => c.exp_alerts.length === 0);
      expect(firing.length, `${rule.alert} firing`).toBeGreaterThanOrEqual(1);
      // The Watchdog is the one alert that always fires: by design it has no silent case (see its own test).
      if (rule.labels.watchdog === 'true') {
        expect(silent, `${rule.alert} silent`).toEqual([]);
        continue;
      }
      expect(silent.length, `${rule.alert} silent`).toBeGreaterThanOrEqual(1);
      for (const c of [...firing, ...silent]) expect(c.series.length, `${rule.alert} input series`).toBeGreaterThan(0);
      const exp = firing[0].exp_alerts[0];
      expect(exp.exp_labels.severity).toBe(rule.labels.severity);
      expect(Object.keys(exp.exp_annotations).sort()).toEqual(Object.keys(rule.annotations).sort());
      expect(exp.exp_annotations.runbook_url).toBe(rule.annotations.runbook_url);
      // $value is expanded in the expectation, never left as a template.
      expect(exp.exp_annotations.description).not.toContain('{{');
    }
  });

  withPromtool('AR-02: the unit tests can fail: a rule with a wrong budget breaks its firing case', () => {
    const broken = read(tree, PATHS.rules).replaceAll(' * 0.001)', ' * 0.5)');
    expect(broken).not.toBe(read(tree, PATHS.rules));
    const res = promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { rules: broken, tests: testsFor(tree, ['ShopErrorBudgetBurnFast']) }));
    expect(res.ok).toBe(false);
    expect(res.output).toMatch(/ShopErrorBudgetBurnFast/);
  });

  withPromtool('AR-03: a short burst does not page (multi-window): the page alert stays silent, and fires once its long window is dropped', () => {
    const names = ['ShopErrorBudgetBurnFast', 'ShopLatencyBudgetBurnFast'];
    const silent = testsOf(tree).filter((t) => names.some((n) => t.name === `${n} stays silent`));
    expect(silent).toHaveLength(2);
    // A burst: the bad requests start late, after a clean stretch covering the 1h window.
    for (const t of silent) expect(t.input_series.some((s) => /^0\+\d+x\d+ \S+\+\S+x\d+$/.test(s.values) && Number(/x(\d+) /.exec(s.values)![1]) >= 60)).toBe(true);
    const tests = testsFor(tree, names);
    expect(promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { tests })).ok).toBe(true);
    // Without the 1h condition of the 14.4x pair, the 5m window alone pages on the burst.
    const shortOnly = read(tree, PATHS.rules).replace(/\n {10}\(\n {12}job:(http_request_\w+):ratio_rate1h\{job="shop"\} > \(14\.4 \* [\d.]+\)\n {10}and\n/g, '\n          (\n');
    expect(shortOnly.match(/ratio_rate1h\{job="shop"\} > \(14\.4/g)).toBeNull();
    const res = promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { rules: shortOnly, tests }));
    expect(res.ok).toBe(false);
    expect(res.output).toMatch(/ShopErrorBudgetBurnFast stays silent/);
    expect(res.output).toMatch(/ShopLatencyBudgetBurnFast stays silent/);
  });

  it('AR-03: recording rules give the error and latency-miss ratios over 5m, 30m, 1h, 2h, 6h, 1d and 3d', () => {
    const records = recordsOf(tree);
    for (const w of ['5m', '30m', '1h', '2h', '6h', '1d', '3d']) {
      const errors = records.find((r) => r.record === `job:http_request_errors:ratio_rate${w}`);
      const latency = records.find((r) => r.record === `job:http_request_latency_misses:ratio_rate${w}`);
      expect(errors?.expr).toContain(`http_request_duration_seconds_count{job="shop",status_code=~"5.."}[${w}]`);
      // The latency SLO is 300ms: the bucket at exactly 0.3 s.
      expect(latency?.expr).toContain(`http_request_duration_seconds_bucket{job="shop",le="0.3"}[${w}]`);
    }
  });

  it('AR-03: multi-window multi-burn-rate alerts for availability and latency (14.4x 1h+5m, 6x 6h+30m page; 3x 1d+2h, 1x 3d+6h ticket)', () => {
    const budgets = { ErrorBudget: ['http_request_errors', '0.001'], LatencyBudget: ['http_request_latency_misses', '0.01'] };
    for (const [prefix, [sli, budget]] of Object.entries(budgets)) {
      const pairs = (expr: string) =>
        [...expr.matchAll(/job:(\w+):ratio_rate(\w+)\{job="shop"\} > \(([\d.]+) \* ([\d.]+)\)\s*and\s*job:(\w+):ratio_rate(\w+)\{job="shop"\} > \(([\d.]+) \* ([\d.]+)\)/g)].map((m) => ({
          sli: [m[1], m[5]],
          windows: [m[2], m[6]],
          factor: [m[3], m[7]],
          budget: [m[4], m[8]],
        }));
      const fast = alert(tree, `Shop${prefix}BurnFast`);
      const slow = alert(tree, `Shop${prefix}BurnSlow`);
      expect(fast.labels.severity).toBe('critical');
      expect(slow.labels.severity).toBe('warning');
      const expected = (factor: string, long: string, short: string) => ({ sli: [sli, sli], windows: [long, short], factor: [factor, factor], budget: [budget, budget] });
      expect(pairs(fast.expr)).toEqual([expected('14.4', '1h', '5m'), expected('6', '6h', '30m')]);
      expect(pairs(slow.expr)).toEqual([expected('3', '1d', '2h'), expected('1', '3d', '6h')]);
      expect(fast.expr).toMatch(/\)\s*or\s*\(/);
    }
  });

  it('AR-04: symptom alerts on the 5xx ratio and on p95 latency (histogram_quantile), each with a for:', () => {
    const errors = alert(tree, 'ShopHighErrorRate');
    expect(errors.expr).toBe('job:http_request_errors:ratio_rate5m{job="shop"} > 0.05');
    expect(errors.for).toBe('10m');
    const latency = alert(tree, 'ShopHighLatency');
    expect(latency.expr).toMatch(/^histogram_quantile\(0\.95, sum by \(job, le\) \(rate\(http_request_duration_seconds_bucket\{job="shop"\}\[5m\]\)\)\) > 0\.3$/);
    expect(latency.for).toBe('10m');
  });

  it('AR-05: CamelCase names with the service prefix, a valid severity, summary, description with $value, runbook_url to docs/runbooks/<Alert>.md', () => {
    const alerts = alertsOf(tree);
    const model = parseConfigYaml(E2E_CONFIG);
    for (const rule of alerts) {
      expect(rule.alert).toMatch(/^Shop[A-Z][A-Za-z0-9]*$/);
      expect(SEVERITIES).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length).toBeGreaterThan(10);
      expect(rule.annotations.description).toContain('{{ $value');
      expect(rule.annotations.runbook_url).toBe(`https://github.com/example-org/shop/blob/main/apps/shop/docs/runbooks/${rule.alert}.md`);
      expect(rule.annotations.runbook_url.endsWith(`/docs/runbooks/${rule.alert}.md`)).toBe(true);
    }
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
    // The docs feature writes one runbook per alertNames(): the same set as rules.yaml.
    expect(alertNames(model)).toEqual(alerts.map((a) => a.alert));
  });

  it('AR-05: descriptions state the configured thresholds', () => {
    expect(alert(tree, 'ShopEmailsDeadLetterQueueDepthHigh').annotations.description).toContain('threshold 100');
    expect(alert(tree, 'ShopEmailsDeadLetterQueueStale').annotations.description).toContain('threshold 3600s');
    expect(alert(tree, 'ShopErrorBudgetBurnFast').annotations.description).toContain('99.9% availability');
    expect(alert(tree, 'ShopHighLatency').annotations.description).toContain('threshold 0.3s');
  });

  it('AR-06: target down (targets exist, none healthy), readiness, memory near limit and restarts in the declared namespaces', () => {
    const down = alert(tree, 'ShopTargetDown');
    expect(down.expr).toBe('max by (job) (up{job="shop"}) == 0');
    expect(down.labels.severity).toBe('critical');
    const namespaces = 'namespace=~"shop-dev|shop-staging|shop-prod"';
    expect(alert(tree, 'ShopPodsNotReady').expr).toContain(`kube_deployment_status_replicas_available{${namespaces},deployment="shop"}`);
    expect(alert(tree, 'ShopMemoryNearLimit').expr).toContain(`container_memory_working_set_bytes{${namespaces},container="shop"}`);
    expect(alert(tree, 'ShopMemoryNearLimit').expr).toMatch(/kube_pod_container_resource_limits\{[^}]*resource="memory"\}\)\s*> 0\.9$/);
    expect(alert(tree, 'ShopFrequentRestarts').expr).toBe(
      `max by (namespace, pod) (increase(kube_pod_container_status_restarts_total{${namespaces},container="shop"}[1h])) > 3`,
    );
  });

  it('AR-06: monitoring the monitoring: target missing via absent(up{job}), the SLI series of each scraped target, and an always-firing Watchdog', () => {
    const monitoring = groupsOf(tree).find((g) => g.name === 'shop.monitoring')!;
    expect(monitoring.rules.map((r) => (r as AlertRule).alert)).toEqual(['ShopTargetMissing', 'ShopRequestMetricsMissing', 'ShopLatencyBucketMissing', 'ShopWatchdog']);
    expect(alert(tree, 'ShopTargetMissing')).toMatchObject({ expr: 'absent(up{job="shop"})', for: '10m', labels: { severity: 'critical' } });
    // Per target, and only while it is scraped: a down target is TargetDown's, a missing one TargetMissing's.
    expect(alert(tree, 'ShopRequestMetricsMissing').expr).toBe('up{job="shop"} == 1\nunless on (job, instance)\nhttp_request_duration_seconds_count{job="shop"}');
    // The bucket the latency SLO reads: the same matcher as the recording rules.
    expect(alert(tree, 'ShopLatencyBucketMissing').expr).toContain('unless on (job, instance)\ncount by (job, instance) (http_request_duration_seconds_bucket{job="shop",le="0.3"})');
    for (const name of ['ShopRequestMetricsMissing', 'ShopLatencyBucketMissing']) expect(alert(tree, name)).toMatchObject({ for: '15m', labels: { severity: 'warning' } });
    expect(alert(tree, 'ShopWatchdog')).toMatchObject({ expr: 'vector(1)', labels: { severity: 'info', watchdog: 'true' } });
    expect(alert(tree, 'ShopWatchdog').for).toBeUndefined();
  });

  withPromtool('AR-02: the Watchdog fires with nothing scraped at all, at once, and no other alert of the set needs it to be silent', () => {
    const cases = testsOf(tree).filter((t) => t.alert_rule_test.some((a) => a.alertname === 'ShopWatchdog'));
    expect(cases.map((t) => t.name)).toEqual(['ShopWatchdog fires']);
    expect(cases[0].input_series).toEqual([]);
    expect(cases[0].alert_rule_test[0].exp_alerts[0].exp_labels).toEqual({ severity: 'info', watchdog: 'true' });
    expect(promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { tests: testsFor(tree, ['ShopWatchdog']) })).ok).toBe(true);
  });

  withPromtool('AR-02: the monitoring cases can fail: TargetMissing as absent(up == 1), or the SLI check without up == 1, fire while the target is down', () => {
    const rules = read(tree, PATHS.rules);
    const broken = rules.replace('expr: absent(up{job="shop"})', 'expr: absent(up{job="shop"} == 1)').replace(/expr: \|-\n(\s+)up\{job="shop"\} == 1\n/, 'expr: |-\n$1up{job="shop"}\n');
    expect(broken.match(/absent\(up\{job="shop"\} == 1\)/g)).toHaveLength(1);
    expect(broken).not.toContain('up{job="shop"} == 1\n');
    const res = promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { rules: broken, tests: testsFor(tree, ['ShopTargetMissing', 'ShopRequestMetricsMissing']) }));
    expect(res.ok).toBe(false);
    expect(res.output).toMatch(/ShopTargetMissing stays silent when the target is scraped and down/);
    expect(res.output).toMatch(/ShopRequestMetricsMissing stays silent when the target is down/);
  });

  it('AR-06: one breaker-open alert per dependency, pool exhaustion only for the pooled databases', () => {
    const alerts = alertsOf(tree);
    const breakers = alerts.filter((a) => a.expr.includes('circuit_breaker_state'));
    expect(breakers.map((a) => a.alert)).toEqual(['ShopOrdersDbCircuitBreakerOpen', 'ShopCacheCircuitBreakerOpen']);
    for (const [name, dep] of [['ShopOrdersDbCircuitBreakerOpen', 'orders-db'], ['ShopCacheCircuitBreakerOpen', 'cache']]) {
      expect(alert(tree, name).expr).toContain(`circuit_breaker_state{job="shop",dependency="${dep}"}`);
      expect(alert(tree, name).expr).toMatch(/== 2$/);
      expect(alert(tree, name).for).toBe('5m');
    }
    expect(alert(tree, 'ShopOrdersDbPoolExhausted').expr).toContain('db_pool_connections{job="shop",dependency="orders-db",state="waiting"}');
    // The redis client holds one connection and reports no pool: an alert on it could never fire.
    expect(alerts.map((a) => a.alert)).not.toContain('ShopCachePoolExhausted');
  });

  it('AR-06: DLQ depth and age alerts per queue, with the thresholds of ready.yaml', () => {
    expect(alert(tree, 'ShopEmailsDeadLetterQueueDepthHigh').expr).toBe('max by (job, queue) (queue_dlq_depth{job="shop",queue="emails"}) > 100');
    expect(alert(tree, 'ShopEmailsDeadLetterQueueStale').expr).toBe('max by (job, queue) (queue_dlq_oldest_age_seconds{job="shop",queue="emails"}) > 3600');
  });

  it('AR-06: load-shedding (under-pressure) and auth-failure alerts', () => {
    const shed = alert(tree, 'ShopLoadShedding');
    expect(shed.expr).toBe('sum by (job) (rate(load_shedding_rejections_total{job="shop"}[5m])) > 0');
    expect(shed.for).toBe('5m');
    expect(alert(tree, 'ShopAuthFailureStorm').expr).toContain('auth_failures_total{job="shop"}');
  });

  withAmtool('writes an Alertmanager routing that amtool check-config accepts, routing every alert by its severity and the Watchdog to the heartbeat', () => {
    const dir = writePrometheusDir(tree);
    const text = read(tree, PATHS.alertmanager);
    writeFileSync(path.join(dir, 'alertmanager.yaml'), amtoolReadable(text));
    const check = amtool(['check-config', 'alertmanager.yaml'], dir);
    expect(check.output).toMatch(/SUCCESS/);
    expect(check.ok).toBe(true);
    const want: Record<string, string> = { critical: 'shop-page', warning: 'shop-ticket', info: 'shop-info' };
    const route = (labels: string[]) => amtool(['config', 'routes', 'test', '--config.file=alertmanager.yaml', ...labels], dir).stdout;
    for (const rule of alertsOf(tree)) {
      const labels = Object.entries(rule.labels).map(([k, v]) => `${k}=${v}`);
      expect(route([`alertname=${rule.alert}`, ...labels]), rule.alert).toBe(rule.labels.watchdog === 'true' ? 'shop-heartbeat' : want[rule.labels.severity]);
    }
    // The heartbeat goes to the dead-man's switch whatever severity an override gives it, never to a page.
    for (const severity of SEVERITIES) expect(route(['alertname=ShopWatchdog', 'watchdog=true', `severity=${severity}`])).toBe('shop-heartbeat');
    // Another service's alerts are not routed by this one.
    expect(route(['alertname=BillingTargetDown', 'severity=critical'])).toBe('shop-info');
    expect(route(['alertname=BillingWatchdog', 'watchdog=true', 'severity=info'])).toBe('shop-info');
    type Route = { matchers: string[]; receiver: string; group_wait?: string; group_interval?: string; repeat_interval?: string };
    const config = parse(text) as {
      route: { routes: Route[] };
      inhibit_rules: { source_matchers: string[]; target_matchers: string[] }[];
      receivers: { name: string; webhook_configs?: Record<string, unknown>[] }[];
    };
    // First route, so no severity route sees it; it repeats every minute, so the switch hears it steadily.
    expect(config.route.routes[0]).toEqual({ matchers: ['alertname=~"Shop.+"', 'watchdog="true"'], receiver: 'shop-heartbeat', group_wait: '0s', group_interval: '1m', repeat_interval: '1m' });
    expect(config.receivers.find((r) => r.name === 'shop-heartbeat')).toEqual({
      name: 'shop-heartbeat',
      webhook_configs: [{ url_file: '/etc/alertmanager/secrets/shop-alerting/heartbeat-url', send_resolved: false }],
    });
    // While the target is down or missing the rest is inhibited, never the Watchdog (an inhibited heartbeat would stop).
    expect(config.inhibit_rules[0]).toEqual({
      source_matchers: ['alertname=~"ShopTargetDown|ShopTargetMissing"'],
      target_matchers: ['alertname=~"Shop.+"', 'alertname!~"ShopTargetDown|ShopTargetMissing"', 'watchdog!="true"'],
    });
    for (const rule of config.inhibit_rules) expect(rule.target_matchers.some((m) => m.startsWith('watchdog') || /BurnSlow|HighErrorRate|HighLatency/.test(m)), JSON.stringify(rule)).toBe(true);
    // No credential in the file: integrations read mounted files.
    expect(text).toMatch(/routing_key_file: \/etc\/alertmanager\/secrets\/shop-alerting\/pagerduty-routing-key/);
    expect(text).not.toMatch(/routing_key:|api_url:|\burl:/);
  });

  it('writes scripts/verify-alerts.mjs (derived) and the verify-alerts target that runs it, with the packages it imports', () => {
    const script = read(tree, `${ROOT}/scripts/verify-alerts.mjs`);
    expect(script.split('\n')[0]).toMatch(/^\/\/ Generated by ready from ready\.yaml/);
    expect(script).toContain(`const JOB = "shop";`);
    expect(script).toContain(`path.join(projectRoot, "deploy/prometheus/rules.yaml")`);
    expect(script).toContain(`path.join(projectRoot, "deploy/grafana/dashboard.json")`);
    const project = JSON.parse(read(tree, `${ROOT}/project.json`)) as { targets: Record<string, { options: { command: string } }> };
    expect(project.targets['verify-alerts'].options.command).toBe(`node ${ROOT}/scripts/verify-alerts.mjs`);
    const pkg = JSON.parse(read(tree, 'package.json')) as { devDependencies: Record<string, string> };
    for (const name of ['@prometheus-io/lezer-promql', '@lezer/lr', '@lezer/highlight', 'yaml']) expect(pkg.devDependencies[name], name).toBeTruthy();
  });

  it('its rule groups make the PrometheusRule the k8s feature writes: valid, labelled for rule selection, same groups as rules.yaml', () => {
    const model = parseConfigYaml(E2E_CONFIG);
    const manifest = buildPrometheusRule(model, alertRuleGroups(model, ROOT)) as { metadata: { labels: Record<string, string> }; spec: { groups: unknown } };
    // kubernetes-models' Model type does not resolve under node10 module resolution; validate() exists at runtime.
    const validate = (data: unknown) => (new PrometheusRule(data as never) as unknown as { validate(): void }).validate();
    expect(() => validate(manifest)).not.toThrow();
    expect(() => validate({ ...manifest, spec: { groups: [{ name: 'x', rules: [{ alert: 'X' }] }] } })).toThrow();
    expect(manifest.metadata.labels['app.kubernetes.io/name']).toBe('shop');
    expect(manifest.metadata.labels.release).toBeTruthy();
    expect(manifest.spec.groups).toEqual(groupsOf(tree));
  });

  describe('Grafana dashboard', () => {
    let dashboard: {
      uid: string;
      schemaVersion: number;
      description: string;
      templating: { list: { name: string; type: string; options?: { value: string }[] }[] };
      panels: { type: string; title: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
    };
    let exprs: string[];
    beforeAll(() => {
      dashboard = JSON.parse(read(tree, PATHS.dashboard));
      exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    });

    it('has schemaVersion >= 39, a uid from the service name, the marker, and datasource and namespace variables', () => {
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
      expect(dashboard.uid).toBe('ready-shop');
      expect(dashboard.description).toMatch(/^Generated by ready/);
      const vars = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
      expect(vars.datasource.type).toBe('datasource');
      expect(vars.namespace.options?.map((o) => o.value)).toEqual(['shop-dev', 'shop-staging', 'shop-prod']);
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) expect(panel.datasource?.uid).toBe('${datasource}');
    });

    it('covers RED, in-flight, error budget, dependencies and breakers, queues and DLQ, auth failures and rate limiting', () => {
      const has = (re: RegExp) => expect(exprs.some((e) => re.test(e)), String(re)).toBe(true);
      has(/sum by \(route\) \(rate\(http_request_duration_seconds_count/);
      has(/status_code=~"5\.\."/);
      for (const q of ['0.5', '0.95', '0.99']) has(new RegExp(`histogram_quantile\\(${q}, sum by \\(route, le\\)`));
      has(/http_requests_in_flight/);
      has(/\[30d\]\)\)\) \/ 0\.001$/);
      has(/dependency_requests_total\{[^}]*dependency=~"orders-db\|cache"/);
      has(/circuit_breaker_state\{[^}]*dependency=~"orders-db\|cache"/);
      has(/queue_depth\{[^}]*queue=~"emails"/);
      has(/queue_dlq_depth\{[^}]*queue=~"emails"/);
      has(/queue_dlq_oldest_age_seconds\{[^}]*queue=~"emails"/);
      has(/auth_failures_total/);
      has(/rate_limited_total/);
    });

    withPromtool('every panel query parses (promtool check rules)', () => {
      const rules = exprs.map((expr, i) => ({
        record: `dashboard:panel:query${i}`,
        expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$namespace', 'shop-prod'),
      }));
      expect(rules.every((r) => !r.expr.includes('$'))).toBe(true);
      const check = tempDir();
      writeFileSync(path.join(check, 'dashboard-queries.yaml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const res = promtool(['check', 'rules', 'dashboard-queries.yaml'], check);
      expect(res.output).toContain(`SUCCESS: ${rules.length} rules found`);
    });
  });
});

describe('ready:add-alerts follows ready.yaml', () => {
  it('adding a dependency adds exactly its alerts and their tests, and touches only the derived files', async () => {
    const tree = workspace();
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    const namesBefore = alertsOf(tree).map((a) => a.alert);
    const before = snapshot(tree);
    const withDeps = E2E_CONFIG.replace(
      '  - name: cache\n    kind: redis\n',
      '  - name: cache\n    kind: redis\n  - name: assistant\n    kind: http\n    llm: { provider: openai }\n  - name: profiles\n    kind: mongodb\n    critical: false\n',
    );
    expect(withDeps).not.toBe(E2E_CONFIG);
    tree.write(`${ROOT}/ready.yaml`, withDeps);
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });

    const added = alertsOf(tree)
      .map((a) => a.alert)
      .filter((n) => !namesBefore.includes(n));
    expect(added).toEqual(['ShopAssistantDown', 'ShopAssistantCircuitBreakerOpen', 'ShopAssistantLlmFailures', 'ShopProfilesDown', 'ShopProfilesCircuitBreakerOpen', 'ShopProfilesPoolExhausted']);
    expect(alertsOf(tree).map((a) => a.alert).filter((n) => namesBefore.includes(n))).toEqual(namesBefore);
    // A non-critical dependency's open breaker does not page.
    expect(alert(tree, 'ShopProfilesCircuitBreakerOpen').labels.severity).toBe('warning');
    expect(alert(tree, 'ShopAssistantLlmFailures').expr).toContain('llm_requests_total{job="shop",dependency="assistant",outcome!="success"}');
    const testNames = testsOf(tree).map((t) => t.name);
    for (const name of added) expect(testNames).toEqual(expect.arrayContaining([`${name} fires`, `${name} stays silent`]));
    // A firing and a silent case per alert (the Watchdog only fires), the low-traffic case of each of the four
    // burn-rate alerts, and the target-down case of the two monitoring alerts that leave it to TargetDown.
    expect(testNames.length).toBe(2 * alertsOf(tree).length - 1 + 4 + 2);
    expect(testNames.filter((n) => n.includes('stays silent at low traffic'))).toHaveLength(4);
    expect(testNames.filter((n) => / stays silent when the target is (scraped and )?down/.test(n))).toHaveLength(2);

    const changed = changedPaths(before, snapshot(tree));
    expect(changed).toEqual([`${ROOT}/deploy/grafana/dashboard.json`, `${ROOT}/deploy/prometheus/rules.test.yaml`, `${ROOT}/deploy/prometheus/rules.yaml`, `${ROOT}/ready.yaml`]);
    expect(read(tree, PATHS.dashboard)).toContain('dependency=~\\"orders-db|cache|assistant|profiles\\"');

    if (hasPromtool || process.env.CI) {
      const res = promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { tests: testsFor(tree, added) }));
      expect(res.output).toContain('SUCCESS');
    }
  });

  it('a new environment changes the namespaces of the pod alerts and the dashboard, nothing else (tests keep their sample namespace)', async () => {
    const tree = workspace();
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    const before = snapshot(tree);
    tree.write(`${ROOT}/ready.yaml`, E2E_CONFIG.replace('    - name: prod\n', '    - name: qa\n    - name: prod\n'));
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    expect(alert(tree, 'ShopPodsNotReady').expr).toContain('namespace=~"shop-dev|shop-staging|shop-qa|shop-prod"');
    expect(read(tree, PATHS.dashboard)).toContain('"shop-dev,shop-staging,shop-qa,shop-prod"');
    expect(changedPaths(before, snapshot(tree))).toEqual([`${ROOT}/deploy/grafana/dashboard.json`, `${ROOT}/deploy/prometheus/rules.yaml`, `${ROOT}/ready.yaml`]);
  });

  it('an SLO change moves the burn-rate bounds, the latency bucket and the latency threshold', async () => {
    const tree = workspace(`${E2E_CONFIG}slo:\n  availability: 99.5\n  latency:\n    thresholdMs: 500\n    percentile: 95\n`);
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    expect(alert(tree, 'ShopErrorBudgetBurnFast').expr).toContain('> (14.4 * 0.005)');
    expect(alert(tree, 'ShopErrorBudgetBurnSlow').expr).toContain('> (1 * 0.005)');
    expect(alert(tree, 'ShopLatencyBudgetBurnFast').expr).toContain('> (6 * 0.05)');
    expect(recordsOf(tree).find((r) => r.record === 'job:http_request_latency_misses:ratio_rate1h')?.expr).toContain('le="0.5"');
    expect(alert(tree, 'ShopHighLatency').expr).toMatch(/> 0\.5$/);
    expect(alert(tree, 'ShopErrorBudgetBurnFast').annotations.description).toContain('99.5% availability');
    if (hasPromtool || process.env.CI) {
      const res = promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { tests: testsFor(tree, ['ShopErrorBudgetBurnFast', 'ShopLatencyBudgetBurnSlow', 'ShopHighLatency']) }));
      expect(res.output).toContain('SUCCESS');
    }
  });

  it('a whole-second latency threshold matches both spellings of the bucket bound', async () => {
    const tree = workspace(`${E2E_CONFIG}slo:\n  latency:\n    thresholdMs: 1000\n`);
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    expect(recordsOf(tree).find((r) => r.record === 'job:http_request_latency_misses:ratio_rate5m')?.expr).toContain('le=~"1|1\\\\.0"');
    if (hasPromtool || process.env.CI) {
      const res = promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { tests: testsFor(tree, ['ShopLatencyBudgetBurnFast']) }));
      expect(res.output).toContain('SUCCESS');
    }
  });

  it('overrides change severity, for and threshold of the named alerts, and their tests follow', async () => {
    const overrides =
      'alerts:\n  overrides:\n' +
      '    - { alert: ShopHighErrorRate, severity: critical, for: 3m, threshold: 0.02 }\n' +
      '    - { alert: ShopEmailsDeadLetterQueueDepthHigh, severity: info, threshold: 10 }\n' +
      '    - { alert: ShopTargetDown, for: 10m }\n';
    const tree = workspace(`${E2E_CONFIG}${overrides}`);
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    const errors = alert(tree, 'ShopHighErrorRate');
    expect(errors).toMatchObject({ for: '3m', labels: { severity: 'critical' } });
    expect(errors.expr).toMatch(/> 0\.02$/);
    expect(errors.annotations.description).toContain('threshold 2%');
    const dlq = alert(tree, 'ShopEmailsDeadLetterQueueDepthHigh');
    expect(dlq.labels.severity).toBe('info');
    expect(dlq.expr).toMatch(/> 10$/);
    expect(alert(tree, 'ShopTargetDown').for).toBe('10m');
    // Alerts without an override keep their defaults.
    expect(alert(tree, 'ShopHighLatency')).toMatchObject({ for: '10m', labels: { severity: 'warning' } });
    const firing = testsOf(tree).find((t) => t.name === 'ShopEmailsDeadLetterQueueDepthHigh fires')!;
    expect(firing.alert_rule_test[0].exp_alerts[0].exp_labels.severity).toBe('info');
    if (hasPromtool || process.env.CI) {
      const res = promtool(['test', 'rules', 'rules.test.yaml'], writePrometheusDir(tree, { tests: testsFor(tree, ['ShopHighErrorRate', 'ShopEmailsDeadLetterQueueDepthHigh', 'ShopTargetDown']) }));
      expect(res.output).toContain('SUCCESS');
    }
  });

  it('an override naming an unknown alert fails with the field path and the valid names, writing nothing', async () => {
    const tree = workspace(`${E2E_CONFIG}alerts:\n  overrides:\n    - { alert: ShopHighLatency, for: 5m }\n    - { alert: ShopNoSuchAlert, severity: info }\n`);
    const before = snapshot(tree);
    const error = await alertsGenerator(tree, { project: 'shop', skipFormat: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe('ReadyConfigError');
    expect(error?.message).toContain('alerts.overrides[1].alert');
    expect(error?.message).toContain('"ShopNoSuchAlert"');
    expect(error?.message).toContain('ShopHighErrorRate');
    expect(error?.message).toContain('apps/shop/ready.yaml');
    expect(changedPaths(before, snapshot(tree))).toEqual([]);
  });

  it('an override threshold on an alert without one, or out of range, is refused', async () => {
    const tree = workspace(`${E2E_CONFIG}alerts:\n  overrides:\n    - { alert: ShopErrorBudgetBurnFast, threshold: 2 }\n    - { alert: ShopMemoryNearLimit, threshold: 90 }\n`);
    await expect(alertsGenerator(tree, { project: 'shop', skipFormat: true })).rejects.toThrow(
      /alerts\.overrides\[0\]\.threshold: expected no threshold[\s\S]*alerts\.overrides\[1\]\.threshold: expected a ratio between 0 and 1/,
    );
    expect(tree.exists(PATHS.rules)).toBe(false);
  });
});

describe('ready:add-alerts as a generator', () => {
  it('is idempotent: a second run (formatted or not) changes no byte', async () => {
    for (const skipFormat of [true, false]) {
      const tree = workspace();
      await alertsGenerator(tree, { project: 'shop', skipFormat });
      const first = snapshot(tree);
      await alertsGenerator(tree, { project: 'shop', skipFormat });
      expect(changedPaths(first, snapshot(tree))).toEqual([]);
    }
  });

  it('marks every derived file as generated, with the command that regenerates it', async () => {
    const tree = workspace();
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    const marker = /^# Generated by ready from ready\.yaml — do not edit; regenerate with `npx nx g ready:add-alerts --project=shop`$/;
    expect(read(tree, PATHS.rules).split('\n')[0]).toMatch(marker);
    expect(read(tree, PATHS.ruleTests).split('\n')[0]).toMatch(marker);
    expect(JSON.parse(read(tree, PATHS.dashboard)).description).toContain('regenerate with `npx nx g ready:add-alerts --project=shop`');
  });

  it('keeps a file the user wrote (no marker) and still writes the others', async () => {
    const tree = workspace();
    const mine = 'groups:\n  - name: hand-written\n    rules: []\n';
    const myDashboard = '{ "title": "mine" }\n';
    tree.write(PATHS.rules, mine);
    tree.write(PATHS.dashboard, myDashboard);
    await alertsGenerator(tree, { project: 'shop', skipFormat: true });
    expect(read(tree, PATHS.rules)).toBe(mine);
    expect(read(tree, PATHS.dashboard)).toBe(myDashboard);
    expect(read(tree, PATHS.ruleTests)).toMatch(/^# Generated by ready/);
  });

  it('refuses an invalid ready.yaml naming the field, and writes nothing', async () => {
    const tree = workspace(E2E_CONFIG.replace('    attempts: 3\n', '    attempts: 3\n    dlq: { maxDepthAlert: 0 }\n'));
    const before = snapshot(tree);
    await expect(alertsGenerator(tree, { project: 'shop', skipFormat: true })).rejects.toThrow(/queues\[0\]\.dlq\.maxDepthAlert/);
    expect(changedPaths(before, snapshot(tree))).toEqual([]);
  });

  it('works on a project without ready.yaml (default config) and without a repository: runbook links are repository paths', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'api', { root: 'services/api', sourceRoot: 'services/api/src' });
    await alertsGenerator(tree, { project: 'api', skipFormat: true });
    expect(tree.exists('services/api/ready.yaml')).toBe(true);
    const rules = parse(read(tree, 'services/api/deploy/prometheus/rules.yaml')).groups.flatMap((g: RuleGroup) => g.rules) as AlertRule[];
    const target = rules.find((r) => r.alert === 'ApiTargetDown')!;
    expect(target.annotations.runbook_url).toBe('services/api/docs/runbooks/ApiTargetDown.md');
    // No dependencies or queues: none of their alerts, and no empty dashboard rows.
    expect(rules.some((r) => r.expr?.includes('circuit_breaker_state'))).toBe(false);
    expect(read(tree, 'services/api/deploy/grafana/dashboard.json')).not.toContain('"Queues"');
  });

  it('warns about repository-path runbook links once, when the rules are first written, not on every later run (nx sync runs before each task)', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      const linkWarnings = () => warn.mock.calls.filter(([m]) => String(m).includes('runbook_url')).length;
      const tree = createTreeWithEmptyWorkspace();
      addProjectConfiguration(tree, 'api', { root: 'services/api', sourceRoot: 'services/api/src' });
      await alertsGenerator(tree, { project: 'api', skipFormat: true });
      expect(linkWarnings()).toBe(1);
      await alertsGenerator(tree, { project: 'api', skipFormat: true });
      await alertsGenerator(tree, { project: 'api', skipFormat: true });
      expect(linkWarnings()).toBe(1);
      // Browsable links (a repository): nothing to say, first run or not.
      const linked = workspace();
      await alertsGenerator(linked, { project: 'shop', skipFormat: true });
      expect(linkWarnings()).toBe(1);
      // A config change that turns links into paths is worth the warning again, once.
      linked.write(`${ROOT}/ready.yaml`, E2E_CONFIG.replace(/^  repository: .*\n/m, '').replace(/^  docsBaseUrl: .*\n/m, ''));
      await alertsGenerator(linked, { project: 'shop', skipFormat: true });
      await alertsGenerator(linked, { project: 'shop', skipFormat: true });
      expect(linkWarnings()).toBe(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('fails on an unknown project with the known ones listed', async () => {
    const tree = workspace();
    await expect(alertsGenerator(tree, { project: 'nope', skipFormat: true })).rejects.toThrow(/no project named "nope"[\s\S]*shop/);
  });
});


it('the docs fragment renders from the model with real values', () => {
  const model = parseConfigYaml(E2E_CONFIG);
  const text = renderEjs(readFileSync(path.join(docsTemplatesDir('alerts'), 'alerts.md.ejs'), 'utf-8'), { ...model, model });
  expect(text).toContain('99.9% of requests');
  expect(text).toContain('le="0.3"');
  expect(text).toContain('(orders-db, cache)');
  expect(text).toContain('(emails)');
  expect(text).not.toMatch(/undefined|TODO|CHANGE_ME/);
});
