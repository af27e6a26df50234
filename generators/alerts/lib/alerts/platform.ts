import type { ReadyModel } from '@ready-tools/config';
import { above, alertName, below, counter, gauge, job, namespaceRegex, num, percent, ratioAbove, sampleNamespace, samplePod, series, testMinutes, VALUE, type AlertSpec } from './common';

const MEMORY_RATIO_THRESHOLD = 0.9;
const RESTARTS_PER_HOUR_THRESHOLD = 3;
const UNAVAILABLE_REPLICAS_THRESHOLD = 0;
/** Bytes of the sample memory limit in test series (512Mi). */
const SAMPLE_MEMORY_LIMIT = 512 * 1024 * 1024;

/**
 * Target health and Kubernetes health. Pod-level series come from kube-state-metrics and cAdvisor,
 * so they are matched by namespace (the declared environments) and container name, not by job.
 */
export function platformAlertSpecs(model: ReadyModel): AlertSpec[] {
  const name = model.names.kebab;
  const ns = namespaceRegex(model);
  const pod = { namespace: sampleNamespace(model), pod: samplePod(model) };
  return [
    {
      name: alertName(model, 'TargetDown'),
      topic: 'platform',
      defaults: { severity: 'critical', for: '5m' },
      build({ for: forDuration }) {
        const minutes = testMinutes(0, forDuration);
        const up = (...values: number[]) =>
          values.map((value, i) => ({ series: series('up', { job: job(model), instance: `10.0.0.${12 + i}:3000`, ...pod, pod: `${pod.pod}${i || ''}` }), values: gauge(value, minutes) }));
        return {
          // Targets that exist and all fail; a job with no target at all is TargetMissing's (absent(up)).
          expr: `max by (job) (up{job="${job(model)}"}) == 0`,
          summary: `Prometheus scrapes no healthy ${name} target`,
          description: `Every target of job "${job(model)}" has failed its scrapes for ${forDuration ?? 'a moment'} (max up = ${VALUE.count}): every pod is down, or its /metrics does not answer within the scrape timeout.`,
          firing: { series: up(0, 0), labels: { job: job(model) }, value: 0 },
          silent: up(1, 0),
          warmupMinutes: 0,
        };
      },
    },
    {
      name: alertName(model, 'PodsNotReady'),
      topic: 'platform',
      defaults: { severity: 'warning', for: '15m', threshold: UNAVAILABLE_REPLICAS_THRESHOLD },
      thresholdUnit: 'count',
      build({ threshold = UNAVAILABLE_REPLICAS_THRESHOLD, for: forDuration }) {
        const minutes = testMinutes(0, forDuration);
        const desired = Math.ceil(threshold) + 3;
        const deployment = { namespace: pod.namespace, deployment: name };
        const replicas = (unavailable: number) => [
          { series: series('kube_deployment_spec_replicas', deployment), values: gauge(desired, minutes) },
          { series: series('kube_deployment_status_replicas_available', deployment), values: gauge(desired - unavailable, minutes) },
        ];
        const unavailable = Math.floor(threshold) + 1;
        const sel = `namespace=~"${ns}",deployment="${name}"`;
        return {
          expr:
            `max by (namespace, deployment) (kube_deployment_spec_replicas{${sel}})\n-\n` +
            `max by (namespace, deployment) (kube_deployment_status_replicas_available{${sel}})\n> ${num(threshold)}`,
          summary: `${name} has pods that are not ready in {{ $labels.namespace }}`,
          description: `${VALUE.count} desired ${name} replicas in {{ $labels.namespace }} have not been available (ready) for ${forDuration ?? 'a while'} (threshold ${num(threshold)}); readiness fails or pods cannot be scheduled.`,
          firing: { series: replicas(unavailable), labels: deployment, value: unavailable },
          silent: replicas(0),
          warmupMinutes: 0,
        };
      },
    },
    {
      name: alertName(model, 'MemoryNearLimit'),
      topic: 'platform',
      defaults: { severity: 'warning', for: '15m', threshold: MEMORY_RATIO_THRESHOLD },
      thresholdUnit: 'ratio',
      build({ threshold = MEMORY_RATIO_THRESHOLD, for: forDuration }) {
        const minutes = testMinutes(0, forDuration);
        const container = { ...pod, container: name };
        const memory = (ratio: number) => [
          { series: series('container_memory_working_set_bytes', container), values: gauge(Math.round(SAMPLE_MEMORY_LIMIT * ratio), minutes) },
          { series: series('kube_pod_container_resource_limits', { ...container, resource: 'memory', unit: 'byte' }), values: gauge(SAMPLE_MEMORY_LIMIT, minutes) },
        ];
        const sel = `namespace=~"${ns}",container="${name}"`;
        const firing = ratioAbove(threshold);
        return {
          expr:
            `max by (namespace, pod) (container_memory_working_set_bytes{${sel}})\n/\n` +
            `max by (namespace, pod) (kube_pod_container_resource_limits{${sel},resource="memory"})\n> ${num(threshold)}`,
          summary: `${name} pod {{ $labels.pod }} is close to its memory limit`,
          description: `Pod {{ $labels.pod }} in {{ $labels.namespace }} uses ${VALUE.percent} of its memory limit (threshold ${percent(threshold)}); it will be OOM-killed when it reaches the limit.`,
          firing: { series: memory(firing), labels: pod, value: Math.round(SAMPLE_MEMORY_LIMIT * firing) / SAMPLE_MEMORY_LIMIT },
          silent: memory(below(threshold)),
          warmupMinutes: 0,
        };
      },
    },
    {
      name: alertName(model, 'FrequentRestarts'),
      topic: 'platform',
      defaults: { severity: 'warning', threshold: RESTARTS_PER_HOUR_THRESHOLD },
      thresholdUnit: 'count',
      build({ threshold = RESTARTS_PER_HOUR_THRESHOLD, for: forDuration }) {
        // increase() over 1h is exact only once an hour of samples exists.
        const minutes = testMinutes(60, forDuration);
        const restarts = (perHour: number) => [
          { series: series('kube_pod_container_status_restarts_total', { ...pod, container: name }), values: counter(perHour / 60, minutes) },
        ];
        const firing = above(threshold);
        return {
          expr: `max by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace=~"${ns}",container="${name}"}[1h])) > ${num(threshold)}`,
          summary: `${name} pod {{ $labels.pod }} keeps restarting`,
          description: `Container ${name} of pod {{ $labels.pod }} in {{ $labels.namespace }} restarted ${VALUE.count} times in the last hour (threshold ${num(threshold)}).`,
          firing: { series: restarts(firing), labels: pod, value: firing },
          silent: restarts(below(threshold)),
          warmupMinutes: 60,
        };
      },
    },
  ];
}
