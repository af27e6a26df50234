import type { ReadyModel } from '@ready-tools/config';
import { above, alertName, below, gauge, job, num, pascal, series, testMinutes, VALUE, type AlertSpec } from './common';

type Queue = ReadyModel['queues'][number];

/*
 * Metrics these alerts rely on (the queue worker of the resilience feature):
 * - queue_dlq_depth{queue}               gauge: jobs in the dead-letter queue
 * - queue_dlq_oldest_age_seconds{queue}  gauge: age of the oldest dead-lettered job (0 when empty)
 */

function gaugeSpec(
  model: ReadyModel,
  queue: Queue,
  opts: { suffix: string; metric: string; threshold: number; unit: 'count' | 'seconds'; summary: string; description: (forText: string, threshold: number) => string },
): AlertSpec {
  const labels = { job: job(model), queue: queue.name };
  return {
    name: alertName(model, `${pascal(queue.name)}${opts.suffix}`),
    topic: 'queue',
    queue: queue.name,
    defaults: { severity: 'warning', for: '5m', threshold: opts.threshold },
    thresholdUnit: opts.unit,
    build({ threshold = opts.threshold, for: forDuration }) {
      const minutes = testMinutes(0, forDuration);
      const values = (value: number) => [{ series: series(opts.metric, { ...labels, instance: '10.0.0.12:3000' }), values: gauge(value, minutes) }];
      const firing = above(threshold);
      return {
        expr: `max by (job, queue) (${opts.metric}{job="${job(model)}",queue="${queue.name}"}) > ${num(threshold)}`,
        summary: opts.summary,
        description: opts.description(forDuration ?? 'a while', threshold),
        firing: { series: values(firing), labels, value: firing },
        silent: values(below(threshold)),
        warmupMinutes: 0,
      };
    },
  };
}

/** Per queue: dead-letter queue too deep, and its oldest job too old (failed work nobody replayed). */
export function queueAlertSpecs(model: ReadyModel): AlertSpec[] {
  return model.queues.flatMap((queue) => [
    gaugeSpec(model, queue, {
      suffix: 'DeadLetterQueueDepthHigh',
      metric: 'queue_dlq_depth',
      threshold: queue.dlq.maxDepthAlert,
      unit: 'count',
      summary: `Dead-letter queue of ${queue.name} is filling up`,
      description: (forText, threshold) =>
        `${VALUE.count} jobs of queue ${queue.name} exhausted their ${queue.attempts} attempts and sit in its DLQ (threshold ${num(threshold)}, for ${forText}).`,
    }),
    gaugeSpec(model, queue, {
      suffix: 'DeadLetterQueueStale',
      metric: 'queue_dlq_oldest_age_seconds',
      threshold: queue.dlq.maxAgeAlert,
      unit: 'seconds',
      summary: `Dead-letter queue of ${queue.name} holds old jobs`,
      description: (forText, threshold) =>
        `The oldest job in the DLQ of queue ${queue.name} failed ${VALUE.count}s ago (threshold ${num(threshold)}s, for ${forText}); replay or purge it.`,
    }),
  ]);
}
