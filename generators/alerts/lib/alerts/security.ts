import type { ReadyModel } from '@ready-tools/config';
import { above, alertName, below, counter, job, num, series, testMinutes, VALUE, type AlertSpec } from './common';

/** Any shed request means the service ran out of headroom. */
const LOAD_SHEDDING_THRESHOLD = 0;
/** Failed authentications per second across all pods that look like a storm rather than a typo. */
const AUTH_FAILURES_THRESHOLD = 5;

/*
 * Metrics these alerts rely on (the security feature):
 * - load_shedding_rejections_total{cause}          counter: requests answered 503 by under-pressure
 * - auth_failures_total{reason}                    counter: requests rejected with 401 or 403
 */

function rateSpec(
  model: ReadyModel,
  opts: { suffix: string; metric: string; labels?: Record<string, string>; threshold: number; for: string; summary: string; description: (threshold: number, forText: string) => string },
): AlertSpec {
  return {
    name: alertName(model, opts.suffix),
    topic: 'security',
    defaults: { severity: 'warning', for: opts.for, threshold: opts.threshold },
    thresholdUnit: 'per-second',
    build({ threshold = opts.threshold, for: forDuration }) {
      const minutes = testMinutes(5, forDuration);
      const events = (perSecond: number) => [
        { series: series(opts.metric, { job: job(model), instance: '10.0.0.12:3000', ...opts.labels }), values: counter(perSecond * 60, minutes) },
      ];
      const firing = above(threshold);
      return {
        expr: `sum by (job) (rate(${opts.metric}{job="${job(model)}"}[5m])) > ${num(threshold)}`,
        summary: opts.summary,
        description: opts.description(threshold, forDuration ?? 'a while'),
        firing: { series: events(firing), labels: { job: job(model) }, value: firing },
        silent: events(below(threshold)),
        warmupMinutes: 5,
      };
    },
  };
}

/** Load shedding always (under-pressure is part of every service); auth failures when auth is on. */
export function securityAlertSpecs(model: ReadyModel): AlertSpec[] {
  const name = model.names.kebab;
  return [
    rateSpec(model, {
      suffix: 'LoadShedding',
      metric: 'load_shedding_rejections_total',
      labels: { cause: 'eventLoopDelay' },
      threshold: LOAD_SHEDDING_THRESHOLD,
      for: '5m',
      summary: `${name} is shedding load`,
      description: (threshold, forText) =>
        `${name} has rejected ${VALUE.decimal} requests per second with 503 for ${forText} because of event-loop delay or memory pressure (threshold ${num(threshold)}/s); add replicas or find the hot path.`,
    }),
    ...(model.auth.mode === 'none'
      ? []
      : [
          rateSpec(model, {
            suffix: 'AuthFailureStorm',
            metric: 'auth_failures_total',
            labels: { reason: 'expired' },
            threshold: AUTH_FAILURES_THRESHOLD,
            for: '10m',
            summary: `${name} rejects many requests for failed authentication or authorization`,
            description: (threshold) =>
              `${name} rejects ${VALUE.decimal} requests per second with 401 or 403 (threshold ${num(threshold)}/s): a client with expired or rotated credentials, a key rotation gone wrong, or credential stuffing.`,
          }),
        ]),
  ];
}
