import type { ReadyModel } from '@ready-tools/config';
import type { TestSeries } from '../../../utils/alert-rules';
import { alertName, below, counter, job, num, percent, ratioAbove, series, testMinutes, VALUE, type AlertSpec } from './common';
import { errorRatioRecord, latencyThresholdSeconds } from './slo';

/** The quantile of the latency symptom alert; the SLO covers the tail, this catches a broad slowdown. */
const LATENCY_QUANTILE = 0.95;
const ERROR_RATIO_THRESHOLD = 0.05;

function requestSeries(model: ReadyModel, labels: Record<string, string>): Record<string, string> {
  return { job: job(model), method: 'GET', route: '/items', ...labels };
}

function errorRatioSeries(model: ReadyModel, ratio: number, minutes: number): TestSeries[] {
  return [
    { series: series('http_request_duration_seconds_count', requestSeries(model, { status_code: '200' })), values: counter(1000 * (1 - ratio), minutes) },
    { series: series('http_request_duration_seconds_count', requestSeries(model, { status_code: '503' })), values: counter(1000 * ratio, minutes) },
  ];
}

/**
 * Histogram series where every request lands in one bucket: at or below `threshold` when fast,
 * between `threshold` and twice it when slow (so the quantile interpolates inside that bucket).
 */
function latencySeries(model: ReadyModel, threshold: number, slow: boolean, minutes: number): TestSeries[] {
  const labels = requestSeries(model, { status_code: '200' });
  const bucket = (le: string, perMinute: number) => ({ series: series('http_request_duration_seconds_bucket', { ...labels, le }), values: counter(perMinute, minutes) });
  return [
    bucket(num(threshold), slow ? 0 : 100),
    bucket(num(threshold * 2), 100),
    bucket('+Inf', 100),
    { series: series('http_request_duration_seconds_count', labels), values: counter(100, minutes) },
  ];
}

/** Symptom alerts: what users feel right now, independent of the budget. */
export function symptomAlertSpecs(model: ReadyModel): AlertSpec[] {
  const sel = `job="${job(model)}"`;
  return [
    {
      name: alertName(model, 'HighErrorRate'),
      topic: 'symptom',
      defaults: { severity: 'warning', for: '10m', threshold: ERROR_RATIO_THRESHOLD },
      thresholdUnit: 'ratio',
      build({ threshold = ERROR_RATIO_THRESHOLD, for: forDuration }) {
        const minutes = testMinutes(5, forDuration);
        const firing = ratioAbove(threshold);
        return {
          expr: `${errorRatioRecord('5m')}{${sel}} > ${num(threshold)}`,
          summary: `${model.names.kebab} answers too many requests with 5xx`,
          description: `${VALUE.percent} of ${model.names.kebab} requests failed with a 5xx status over the last 5 minutes (threshold ${percent(threshold)}).`,
          firing: { series: errorRatioSeries(model, firing, minutes), labels: { job: job(model) }, value: firing },
          silent: errorRatioSeries(model, below(threshold), minutes),
          warmupMinutes: 5,
        };
      },
    },
    {
      name: alertName(model, 'HighLatency'),
      topic: 'symptom',
      defaults: { severity: 'warning', for: '10m', threshold: latencyThresholdSeconds(model) },
      thresholdUnit: 'seconds',
      build({ threshold = latencyThresholdSeconds(model), for: forDuration }) {
        const minutes = testMinutes(5, forDuration);
        return {
          expr: `histogram_quantile(${LATENCY_QUANTILE}, sum by (job, le) (rate(http_request_duration_seconds_bucket{${sel}}[5m]))) > ${num(threshold)}`,
          summary: `${model.names.kebab} p${LATENCY_QUANTILE * 100} latency is above ${num(threshold * 1000)}ms`,
          description: `The p${LATENCY_QUANTILE * 100} latency of ${model.names.kebab} over the last 5 minutes is ${VALUE.seconds} (threshold ${num(threshold)}s).`,
          // Every request in (threshold, 2*threshold]: the quantile interpolates to threshold * (1 + q).
          firing: { series: latencySeries(model, threshold, true, minutes), labels: { job: job(model) }, value: threshold * (1 + LATENCY_QUANTILE) },
          silent: latencySeries(model, threshold, false, minutes),
          warmupMinutes: 5,
        };
      },
    },
  ];
}
