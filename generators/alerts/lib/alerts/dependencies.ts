import type { ReadyModel } from '@ready-tools/config';
import { KIND_SPECS, pooledKinds } from '../../../kinds';
import { above, alertName, below, counter, gauge, job, num, pascal, percent, ratioAbove, series, testMinutes, VALUE, type AlertSpec } from './common';

type Dependency = ReadyModel['dependencies'][number];

/** Kinds whose client holds a pool and reports db_pool_connections (KIND_SPECS[kind].pooled); the dashboard shows their pools. */
export const POOLED_KINDS: readonly Dependency['kind'][] = pooledKinds();

/** circuit_breaker_state values: 0 closed, 1 half-open, 2 open. */
const BREAKER_OPEN = 2;
const POOL_WAITING_THRESHOLD = 0;
const LLM_FAILURE_RATIO_THRESHOLD = 0.1;

/*
 * Metrics these alerts rely on (emitted by the service's resilience feature, one series set per dependency):
 * - dependency_up{dependency}                                gauge: last health check 1 passed, 0 failed
 * - circuit_breaker_state{dependency}                        gauge: 0 closed, 1 half-open, 2 open
 * - db_pool_connections{dependency, state}                   gauge: state is "idle", "used" or "waiting"
 *                                                            (callers queued for a connection)
 * - llm_requests_total{dependency, outcome}                  counter: outcome "success", or why it failed
 *                                                            ("error", "timeout", "rate_limited", ...)
 */

/**
 * The dependency's health checks fail on every pod: readiness 503 for a critical one. Unlike the breaker, which opens
 * only on calls made through it, this fires for a dependency no request has used lately.
 */
function downSpec(model: ReadyModel, dep: Dependency): AlertSpec {
  const labels = { job: job(model), dependency: dep.name };
  return {
    name: alertName(model, `${pascal(dep.name)}Down`),
    topic: 'dependency',
    dependency: dep.name,
    defaults: { severity: dep.critical ? 'critical' : 'warning', for: '2m' },
    build({ for: forDuration }) {
      const minutes = testMinutes(0, forDuration);
      const up = (value: number) => [
        { series: series('dependency_up', { ...labels, instance: '10.0.0.12:3000' }), values: gauge(value, minutes) },
        { series: series('dependency_up', { ...labels, instance: '10.0.0.13:3000' }), values: gauge(value, minutes) },
      ];
      return {
        expr: `max by (job, dependency) (dependency_up{job="${job(model)}",dependency="${dep.name}"}) == 0`,
        summary: `${dep.name} (${dep.kind}) fails the health checks of every ${model.names.kebab} pod`,
        description:
          `Every ${model.names.kebab} pod's health check of ${dep.name} (${dep.kind}) has failed for ${forDuration ?? 'a while'} (dependency_up = ${VALUE.count}).` +
          (dep.critical ? ` ${dep.name} is critical: the pods fail readiness, so the service takes no traffic.` : ` ${dep.name} is not critical: requests that need it fail or fall back.`),
        firing: { series: up(0), labels, value: 0 },
        silent: [up(1)[0], up(0)[1]],
        warmupMinutes: 0,
      };
    },
  };
}

function breakerSpec(model: ReadyModel, dep: Dependency): AlertSpec {
  const labels = { job: job(model), dependency: dep.name };
  return {
    name: alertName(model, `${pascal(dep.name)}CircuitBreakerOpen`),
    topic: 'dependency',
    dependency: dep.name,
    defaults: { severity: dep.critical ? 'critical' : 'warning', for: '5m' },
    build({ for: forDuration }) {
      const minutes = testMinutes(2, forDuration);
      const state = (value: number) => [{ series: series('circuit_breaker_state', { ...labels, instance: '10.0.0.12:3000' }), values: gauge(value, minutes) }];
      return {
        // The breaker flips to half-open every halfOpenAfterMs for a trial call; max_over_time keeps a
        // breaker that keeps failing its trials counted as open.
        expr: `max by (job, dependency) (max_over_time(circuit_breaker_state{job="${job(model)}",dependency="${dep.name}"}[2m])) == ${BREAKER_OPEN}`,
        summary: `Circuit breaker of ${dep.name} (${dep.kind}) is open in ${model.names.kebab}`,
        description:
          `Calls from ${model.names.kebab} to ${dep.name} (${dep.kind}) fail fast: the breaker has been open (state ${VALUE.count}) for ${forDuration ?? 'a while'}. ` +
          `It opens after ${dep.breaker.failureThreshold} consecutive failures and tries again every ${dep.breaker.halfOpenAfterMs}ms.` +
          (dep.critical ? ` ${dep.name} is critical: readiness fails while it is down.` : ''),
        firing: { series: state(BREAKER_OPEN), labels, value: BREAKER_OPEN },
        silent: state(0),
        warmupMinutes: 2,
      };
    },
  };
}

function poolSpec(model: ReadyModel, dep: Dependency): AlertSpec {
  const labels = { job: job(model), dependency: dep.name };
  return {
    name: alertName(model, `${pascal(dep.name)}PoolExhausted`),
    topic: 'dependency',
    dependency: dep.name,
    defaults: { severity: 'warning', for: '5m', threshold: POOL_WAITING_THRESHOLD },
    thresholdUnit: 'count',
    build({ threshold = POOL_WAITING_THRESHOLD, for: forDuration }) {
      const minutes = testMinutes(0, forDuration);
      const pool = (waiting: number) => [
        { series: series('db_pool_connections', { ...labels, instance: '10.0.0.12:3000', state: 'used' }), values: gauge(dep.pool.max, minutes) },
        { series: series('db_pool_connections', { ...labels, instance: '10.0.0.12:3000', state: 'waiting' }), values: gauge(waiting, minutes) },
      ];
      const firing = above(threshold);
      return {
        expr: `max by (job, dependency) (db_pool_connections{job="${job(model)}",dependency="${dep.name}",state="waiting"}) > ${num(threshold)}`,
        summary: `Connection pool of ${dep.name} (${dep.kind}) is exhausted in ${model.names.kebab}`,
        description:
          `${VALUE.count} callers have waited for a ${dep.name} connection on one pod for ${forDuration ?? 'a while'} (threshold ${num(threshold)}); ` +
          `all ${dep.pool.max} connections of the pool (pool.max) are in use.`,
        firing: { series: pool(firing), labels, value: firing },
        silent: pool(below(threshold)),
        warmupMinutes: 0,
      };
    },
  };
}

function llmSpec(model: ReadyModel, dep: Dependency): AlertSpec {
  const labels = { job: job(model), dependency: dep.name };
  return {
    name: alertName(model, `${pascal(dep.name)}LlmFailures`),
    topic: 'dependency',
    dependency: dep.name,
    defaults: { severity: 'warning', for: '10m', threshold: LLM_FAILURE_RATIO_THRESHOLD },
    thresholdUnit: 'ratio',
    build({ threshold = LLM_FAILURE_RATIO_THRESHOLD, for: forDuration }) {
      const minutes = testMinutes(5, forDuration);
      const calls = (failureRatio: number) => [
        { series: series('llm_requests_total', { ...labels, outcome: 'success' }), values: counter(100 * (1 - failureRatio), minutes) },
        { series: series('llm_requests_total', { ...labels, outcome: 'error' }), values: counter(100 * failureRatio, minutes) },
      ];
      const sel = `job="${job(model)}",dependency="${dep.name}"`;
      const firing = ratioAbove(threshold);
      return {
        expr:
          `sum by (job, dependency) (rate(llm_requests_total{${sel},outcome!="success"}[5m]))\n/\n` +
          `sum by (job, dependency) (rate(llm_requests_total{${sel}}[5m]))\n> ${num(threshold)}`,
        summary: `Calls to the LLM provider ${dep.name} (${dep.llm?.provider ?? 'llm'}) are failing`,
        description: `${VALUE.percent} of ${model.names.kebab}'s calls to ${dep.name} failed over the last 5 minutes (threshold ${percent(threshold)}).`,
        firing: { series: calls(firing), labels, value: firing },
        silent: calls(below(threshold)),
        warmupMinutes: 5,
      };
    },
  };
}

/** Per dependency: down (its health checks fail on every pod), and the alert set of its kind (KIND_SPECS[kind].alerts): breaker open; pool exhaustion; failure ratio of LLM providers. */
export function dependencyAlertSpecs(model: ReadyModel): AlertSpec[] {
  return model.dependencies.flatMap((dep) => {
    const alerts = KIND_SPECS[dep.kind].alerts;
    return [
      downSpec(model, dep),
      ...(alerts.includes('circuit-breaker') ? [breakerSpec(model, dep)] : []),
      ...(alerts.includes('pool-exhausted') ? [poolSpec(model, dep)] : []),
      ...(alerts.includes('llm-failures') && dep.llm ? [llmSpec(model, dep)] : []),
    ];
  });
}
