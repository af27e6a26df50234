import type { ReadyModel } from '@ready-tools/config';
import type { RecordingRule, Severity, TestSeries } from '../../../utils/alert-rules';
import { alertName, below, counter, durationMinutes, evalMinutes, job, num, percent, ratioAbove, series, testMinutes, VALUE, type AlertSpec, type BuiltAlert } from './common';

/** Windows of the SLO recording rules: every short and long window of the burn-rate pairs. */
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

export interface BurnRatePair {
  factor: number;
  long: SloWindow;
  short: SloWindow;
  severity: Severity;
}

/**
 * Multi-window, multi-burn-rate pairs for a 30-day budget (SRE Workbook, "Alerting on SLOs"): a pair
 * fires when both its long and its short window burn faster than `factor` × budget; the short window
 * makes the alert stop soon after the burn stops.
 */
export const PAGE_PAIRS: BurnRatePair[] = [
  { factor: 14.4, long: '1h', short: '5m', severity: 'critical' },
  { factor: 6, long: '6h', short: '30m', severity: 'critical' },
];
export const TICKET_PAIRS: BurnRatePair[] = [
  { factor: 3, long: '1d', short: '2h', severity: 'warning' },
  { factor: 1, long: '3d', short: '6h', severity: 'warning' },
];

/**
 * With a budget above ~7% (availability or latency percentile below ~93%), 14.4× the budget is more
 * than every request; such a pair could never fire, so its bound is capped at this share of requests.
 */
const MAX_BURN_BOUND = 0.95;

/** Label values of the SLI metric in test series. */
const ROUTE = '/items';

/** Fractions that people typed as percentages, without float noise: 1 - 99.9/100 is 0.001. */
function budgetOf(targetPercent: number): number {
  return Number((1 - targetPercent / 100).toPrecision(12));
}

export interface Slo {
  kind: 'availability' | 'latency';
  /** Allowed share of bad requests. */
  budget: number;
  target: number;
  record: (window: SloWindow) => string;
}

export function errorRatioRecord(window: SloWindow): string {
  return `job:http_request_errors:ratio_rate${window}`;
}

export function latencyMissRecord(window: SloWindow): string {
  return `job:http_request_latency_misses:ratio_rate${window}`;
}

export function availabilitySlo(model: ReadyModel): Slo {
  return { kind: 'availability', budget: budgetOf(model.slo.availability), target: model.slo.availability, record: errorRatioRecord };
}

export function latencySlo(model: ReadyModel): Slo {
  return { kind: 'latency', budget: budgetOf(model.slo.latency.percentile), target: model.slo.latency.percentile, record: latencyMissRecord };
}

/** The latency SLO threshold in seconds, the unit of the request histogram. */
export function latencyThresholdSeconds(model: ReadyModel): number {
  return model.slo.latency.thresholdMs / 1000;
}

/**
 * The `le` matcher of the histogram bucket at the latency threshold. The service's histogram must have
 * a bucket at exactly this bound. Prometheus 3 writes whole-number bounds as "1.0" where older
 * versions and prom-client write "1", so whole numbers match both spellings.
 */
export function latencyBucketMatcher(seconds: number): string {
  const le = num(seconds);
  return Number.isInteger(seconds) ? `le=~"${le}|${le}\\\\.0"` : `le="${le}"`;
}

/** Recording rules: the error ratio and the latency-miss ratio of the service over every SLO window. */
export function sloRecordingRules(model: ReadyModel): RecordingRule[] {
  const sel = `job="${job(model)}"`;
  const bucket = latencyBucketMatcher(latencyThresholdSeconds(model));
  const total = (w: SloWindow) => `sum by (job) (rate(http_request_duration_seconds_count{${sel}}[${w}]))`;
  return SLO_WINDOWS.flatMap((w) => [
    {
      record: errorRatioRecord(w),
      // With traffic and no 5xx the ratio is 0, not absent: a dashboard shows 0 % and the rule is seen to select series.
      expr: `(\n  sum by (job) (rate(http_request_duration_seconds_count{${sel},status_code=~"5.."}[${w}]))\n  or\n  0 * ${total(w)}\n)\n/\n${total(w)}`,
    },
    {
      record: latencyMissRecord(w),
      expr: `(\n  ${total(w)}\n  -\n  sum by (job) (rate(http_request_duration_seconds_bucket{${sel},${bucket}}[${w}]))\n)\n/\n${total(w)}`,
    },
  ]);
}

function bound(pair: BurnRatePair, budget: number): { value: number; text: string } {
  const raw = pair.factor * budget;
  return raw < MAX_BURN_BOUND ? { value: raw, text: `(${num(pair.factor)} * ${num(budget)})` } : { value: MAX_BURN_BOUND, text: num(MAX_BURN_BOUND) };
}

/** `slo.minRequestRate`: below it, over a pair's short window, the pair stays silent (one failure would be a large share). */
function trafficGuard(model: ReadyModel, window: SloWindow): string {
  const min = model.slo.minRequestRate;
  return min > 0 ? `\nand\n  sum by (job) (rate(http_request_duration_seconds_count{job="${job(model)}"}[${window}])) >= ${num(min)}` : '';
}

export function burnRateExpr(model: ReadyModel, slo: Slo, pairs: BurnRatePair[]): string {
  const sel = `{job="${job(model)}"}`;
  return pairs
    .map((p) => {
      const b = bound(p, slo.budget).text;
      return `(\n  ${slo.record(p.long)}${sel} > ${b}\nand\n  ${slo.record(p.short)}${sel} > ${b}${trafficGuard(model, p.short)}\n)`;
    })
    .join('\nor\n');
}

/** Test series giving the SLI a constant bad-request ratio. */
function sliSeries(model: ReadyModel, slo: Slo, badRatio: number, minutes: number, perMinute = 1000): TestSeries[] {
  const base = { job: job(model), method: 'GET', route: ROUTE };
  if (slo.kind === 'availability') {
    return [
      { series: series('http_request_duration_seconds_count', { ...base, status_code: '200' }), values: counter(perMinute * (1 - badRatio), minutes) },
      { series: series('http_request_duration_seconds_count', { ...base, status_code: '500' }), values: counter(perMinute * badRatio, minutes) },
    ];
  }
  const ok = { ...base, status_code: '200' };
  return [
    { series: series('http_request_duration_seconds_count', ok), values: counter(perMinute, minutes) },
    { series: series('http_request_duration_seconds_bucket', { ...ok, le: num(latencyThresholdSeconds(model)) }), values: counter(perMinute * (1 - badRatio), minutes) },
    { series: series('http_request_duration_seconds_bucket', { ...ok, le: '+Inf' }), values: counter(perMinute, minutes) },
  ];
}

const WINDOW_MINUTES: Record<SloWindow, number> = { '5m': 5, '30m': 30, '1h': 60, '2h': 120, '6h': 360, '1d': 1440, '3d': 4320 };

/** Good requests per minute in test series. */
const GOOD_PER_MINUTE = 1000;

/**
 * Series for "a short burst alone does not page": clean traffic, then a burst of bad requests during
 * which the first pair's short window is hot for longer than `for` while its long window, and at least
 * one window of every other pair, stay well below their bounds. A rule that ignored the long window
 * would fire on it. Undefined when the budget is too large for such a burst to exist.
 */
function spikeSeries(model: ReadyModel, slo: Slo, pairs: BurnRatePair[], forDuration: string | undefined): TestSeries[] | undefined {
  const first = pairs[0];
  const firstBound = bound(first, slo.budget).value;
  const warmup = WINDOW_MINUTES[first.long];
  const at = evalMinutes(warmup, forDuration);
  const forMinutes = durationMinutes(forDuration);
  const burst = forMinutes + 3;
  const start = at - burst;
  const perMinute = 3.5 * firstBound * GOOD_PER_MINUTE;
  // Bad share over a window, `minute` minutes into the burst, counting only minutes that have data.
  const ratio = (window: SloWindow, minute: number) => {
    const w = WINDOW_MINUTES[window];
    const bad = perMinute * Math.min(minute, w);
    return bad / (GOOD_PER_MINUTE * Math.min(w, start + minute) + bad);
  };
  const firstHot = Array.from({ length: burst }, (_, i) => i + 1).find((m) => ratio(first.short, m) > 1.1 * firstBound);
  const hotLongEnough = firstHot !== undefined && burst - firstHot >= forMinutes + 1;
  const longCold = ratio(first.long, burst) < 0.8 * firstBound;
  const othersCold = pairs.slice(1).every((p) => Math.min(ratio(p.long, burst), ratio(p.short, burst)) < 0.8 * bound(p, slo.budget).value);
  if (!hotLongEnough || !longCold || !othersCold) return undefined;
  const total = testMinutes(warmup, forDuration);
  // Zero until the burst, then `perMinute` more bad requests every minute up to the evaluation time.
  const badValues = `0+0x${start} ${num(perMinute)}+${num(perMinute)}x${total - start - 1}`;
  const good = counter(GOOD_PER_MINUTE, total);
  const base = { job: job(model), method: 'GET', route: ROUTE };
  if (slo.kind === 'availability') {
    return [
      { series: series('http_request_duration_seconds_count', { ...base, status_code: '200' }), values: good },
      { series: series('http_request_duration_seconds_count', { ...base, status_code: '500' }), values: badValues },
    ];
  }
  // Slow requests count in _count and le="+Inf", not in the bucket at the threshold.
  const ok = { ...base, status_code: '200' };
  const slowCount = `0+${GOOD_PER_MINUTE}x${start} ${num(GOOD_PER_MINUTE * (start + 1) + perMinute)}+${num(GOOD_PER_MINUTE + perMinute)}x${total - start - 1}`;
  return [
    { series: series('http_request_duration_seconds_count', ok), values: slowCount },
    { series: series('http_request_duration_seconds_bucket', { ...ok, le: num(latencyThresholdSeconds(model)) }), values: good },
    { series: series('http_request_duration_seconds_bucket', { ...ok, le: '+Inf' }), values: slowCount },
  ];
}

/**
 * The same bad share as the firing case, at a fifth of slo.minRequestRate (a request every 10 s at the default):
 * the guard keeps the alert silent, where one failed request among a handful would otherwise page.
 */
function lowTrafficCase(model: ReadyModel, slo: Slo, badRatio: number, minutes: number): Pick<BuiltAlert, 'alsoSilent'> {
  const min = model.slo.minRequestRate;
  if (min <= 0) return {};
  const perMinute = Number(((min * 60) / 5).toPrecision(6));
  return { alsoSilent: [{ when: `at low traffic (${num(perMinute / 60)} req/s, under slo.minRequestRate ${num(min)})`, series: sliSeries(model, slo, badRatio, minutes, perMinute) }] };
}

function burnSpec(model: ReadyModel, slo: Slo, speed: 'Fast' | 'Slow'): AlertSpec {
  const pairs = speed === 'Fast' ? PAGE_PAIRS : TICKET_PAIRS;
  const what = slo.kind === 'availability' ? 'ErrorBudget' : 'LatencyBudget';
  const sli =
    slo.kind === 'availability'
      ? `requests failed with a 5xx status`
      : `requests took longer than ${model.slo.latency.thresholdMs}ms`;
  const objective =
    slo.kind === 'availability'
      ? `the ${num(slo.target)}% availability SLO`
      : `the latency SLO (${num(slo.target)}% of requests within ${model.slo.latency.thresholdMs}ms)`;
  const pairText = pairs.map((p) => `${num(p.factor)}× over ${p.long} and ${p.short}`).join(', or ');
  return {
    name: alertName(model, `${what}Burn${speed}`),
    topic: 'slo',
    defaults: { severity: pairs[0].severity, for: speed === 'Fast' ? '2m' : '15m' },
    build(params) {
      const bounds = pairs.map((p) => bound(p, slo.budget).value);
      const firingRatio = Math.min(ratioAbove(Math.max(...bounds)), 1);
      // Page alerts are proven against a short burst (multi-window); ticket alerts against a steady
      // sub-threshold burn, which keeps the series short (their long windows are days).
      const spike = speed === 'Fast' ? spikeSeries(model, slo, pairs, params.for) : undefined;
      const warmupMinutes = spike ? WINDOW_MINUTES[pairs[0].long] : 5;
      const minutes = testMinutes(warmupMinutes, params.for);
      return {
        expr: burnRateExpr(model, slo, pairs),
        summary: `${model.names.kebab} is burning its ${slo.kind} error budget ${speed === 'Fast' ? 'fast' : 'steadily'}`,
        description:
          `${VALUE.percent} of ${model.names.kebab} ${sli} over the long window, burning the ${percent(slo.budget)} error budget of ` +
          `${objective} (window ${model.slo.window}) faster than ${pairText}` +
          (model.slo.minRequestRate > 0 ? `, at ${num(model.slo.minRequestRate)} req/s or more (slo.minRequestRate).` : '.'),
        firing: { series: sliSeries(model, slo, firingRatio, minutes), labels: { job: job(model) }, value: firingRatio },
        silent: spike ?? sliSeries(model, slo, below(Math.min(...bounds)), minutes),
        ...lowTrafficCase(model, slo, firingRatio, minutes),
        warmupMinutes,
      };
    },
  };
}

/** Page and ticket burn-rate alerts for the availability and the latency SLO. */
export function sloAlertSpecs(model: ReadyModel): AlertSpec[] {
  const slos = [availabilitySlo(model), latencySlo(model)];
  return slos.flatMap((slo) => [burnSpec(model, slo, 'Fast'), burnSpec(model, slo, 'Slow')]);
}
