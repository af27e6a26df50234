import type { ReadyModel } from '@ready-tools/config';
import { alertName, counter, gauge, job, num, sampleNamespace, samplePod, series, testMinutes, VALUE, type AlertSpec } from './common';
import { latencyBucketMatcher, latencyThresholdSeconds } from './slo';

/** The label that marks the Watchdog: Alertmanager routes it to the dead-man's switch, and no inhibition touches it. */
export const WATCHDOG_LABEL = { watchdog: 'true' } as const;

/**
 * Monitoring the monitoring. Every other alert of the service assumes Prometheus scrapes it, finds the series the
 * rules select and delivers what fires; these say when one of those assumptions breaks:
 * - TargetMissing: Prometheus has no target of the job at all (the ServiceMonitor stopped selecting the Service,
 *   the Service has no endpoints, the deployment is gone). TargetDown covers targets that exist and fail.
 * - RequestMetricsMissing, LatencyBucketMissing: a scraped pod lacks the SLI series the SLOs are computed from
 *   (the request histogram renamed or not recorded, its bucket at the latency threshold gone), so the SLO alerts
 *   read nothing for it. Per target, so one canary with broken instrumentation is seen among healthy pods.
 * - Watchdog: always firing; Alertmanager forwards it to a dead-man's switch, which alarms when it stops.
 */
export function monitoringAlertSpecs(model: ReadyModel): AlertSpec[] {
  const name = model.names.kebab;
  const sel = `job="${job(model)}"`;
  const target = { job: job(model), instance: '10.0.0.12:3000', namespace: sampleNamespace(model), pod: samplePod(model) };
  const up = (value: number, minutes: number, labels: Record<string, string> = target) => ({ series: series('up', labels), values: gauge(value, minutes) });
  const requests = (minutes: number) => ({ series: series('http_request_duration_seconds_count', { ...target, method: 'GET', route: '/items', status_code: '200' }), values: counter(60, minutes) });
  const threshold = latencyThresholdSeconds(model);
  return [
    {
      name: alertName(model, 'TargetMissing'),
      topic: 'monitoring',
      defaults: { severity: 'critical', for: '10m' },
      build({ for: forDuration }) {
        const minutes = testMinutes(0, forDuration);
        return {
          expr: `absent(up{${sel}})`,
          summary: `Prometheus has no ${name} target to scrape`,
          description:
            `Prometheus has found no target of job "${job(model)}" for ${forDuration ?? 'a while'} (absent(up) = ${VALUE.count}): the ServiceMonitor no longer selects the Service ` +
            `(labels, port name, namespace selector), the Service has no endpoints, or the ${name} deployment is gone. No other alert of ${name} can fire meanwhile.`,
          // Prometheus scrapes other jobs, not this one; absent() takes the job from the selector's equality matcher.
          firing: { series: [up(1, minutes, { job: 'kube-state-metrics', instance: '10.0.0.40:8080' })], labels: { job: job(model) }, value: 1 },
          silent: [up(1, minutes)],
          alsoSilent: [{ when: 'when the target is scraped and down (TargetDown fires instead)', series: [up(0, minutes)] }],
          warmupMinutes: 0,
        };
      },
    },
    {
      name: alertName(model, 'RequestMetricsMissing'),
      topic: 'monitoring',
      defaults: { severity: 'warning', for: '15m' },
      build({ for: forDuration }) {
        const minutes = testMinutes(0, forDuration);
        return {
          expr: `up{${sel}} == 1\nunless on (job, instance)\nhttp_request_duration_seconds_count{${sel}}`,
          summary: `${name} target {{ $labels.instance }} is scraped but records no HTTP requests`,
          description:
            `Prometheus scrapes ${name} at {{ $labels.instance }} (up = ${VALUE.count}), but for ${forDuration ?? 'a while'} it has exported no http_request_duration_seconds series: the request metric was renamed ` +
            `or its instrumentation broke (the service exports a series per route from startup, so an idle pod has them too). The availability and latency SLOs count nothing from it meanwhile.`,
          // The target answers (other metrics, such as the in-flight gauge, are there), the request histogram is not.
          firing: { series: [up(1, minutes), { series: series('http_requests_in_flight', target), values: gauge(0, minutes) }], labels: target, value: 1 },
          silent: [up(1, minutes), requests(minutes)],
          alsoSilent: [{ when: 'when the target is down (TargetDown fires instead)', series: [up(0, minutes)] }],
          warmupMinutes: 0,
        };
      },
    },
    {
      name: alertName(model, 'LatencyBucketMissing'),
      topic: 'monitoring',
      defaults: { severity: 'warning', for: '15m' },
      build({ for: forDuration }) {
        const minutes = testMinutes(0, forDuration);
        const labels = { job: job(model), instance: target.instance };
        const base = { ...target, method: 'GET', route: '/items', status_code: '200' };
        const bucket = (le: string) => ({ series: series('http_request_duration_seconds_bucket', { ...base, le }), values: counter(60, minutes) });
        // Buckets that bracket the threshold without having it: what a changed DURATION_BUCKETS list exports.
        const around = [bucket(num(threshold / 2)), bucket(num(threshold * 2)), bucket('+Inf')];
        return {
          expr:
            `count by (job, instance) (http_request_duration_seconds_count{${sel}})\nunless on (job, instance)\n` +
            `count by (job, instance) (http_request_duration_seconds_bucket{${sel},${latencyBucketMatcher(threshold)}})`,
          summary: `${name} target {{ $labels.instance }} has no histogram bucket at the latency SLO threshold`,
          description:
            `${VALUE.count} request series of ${name} at {{ $labels.instance }} have had no bucket at le="${num(threshold)}" (the ${model.slo.latency.thresholdMs}ms latency SLO threshold) for ${forDuration ?? 'a while'}: ` +
            `the histogram's buckets changed, so the latency SLO and its burn-rate alerts count nothing from this pod.`,
          firing: { series: [requests(minutes), ...around], labels, value: 1 },
          silent: [requests(minutes), ...around, bucket(num(threshold))],
          warmupMinutes: 0,
        };
      },
    },
    {
      name: alertName(model, 'Watchdog'),
      topic: 'monitoring',
      defaults: { severity: 'info' },
      labels: { ...WATCHDOG_LABEL },
      alwaysFiring: true,
      build() {
        return {
          expr: 'vector(1)',
          summary: `Heartbeat of ${name}'s alerting: it always fires`,
          description:
            `This alert always fires (value ${VALUE.count}) while Prometheus evaluates ${name}'s rules and can reach Alertmanager, which sends it to the dead-man's switch every minute. ` +
            `When that heartbeat stops, no alert of ${name} reaches anyone.`,
          // No input at all: it fires with nothing scraped. It has no silent case by design.
          firing: { series: [], labels: {}, value: 1 },
          silent: [],
          warmupMinutes: 0,
        };
      },
    },
  ];
}
