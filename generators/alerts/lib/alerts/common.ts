import type { ReadyModel } from '@ready-tools/config';
import type { AlertTopic, FiringCase, Severity, TestSeries } from '../../../utils/alert-rules';

/** What an override in ready.yaml may change. */
export interface AlertParams {
  severity: Severity;
  for?: string;
  threshold?: number;
}

/** The unit of an alert's threshold; overrides are checked against it. */
export type ThresholdUnit = 'ratio' | 'count' | 'seconds' | 'per-second';

export interface BuiltAlert {
  expr: string;
  summary: string;
  /** Must show `$value` (one of VALUE) and the configured threshold. */
  description: string;
  firing: FiringCase;
  /** Healthy series; empty only for an alert that always fires (`AlertSpec.alwaysFiring`). */
  silent: TestSeries[];
  alsoSilent?: { when: string; series: TestSeries[] }[];
  warmupMinutes: number;
}

/** One alert before overrides: its name, defaults, and how to build rule and test cases from parameters. */
export interface AlertSpec {
  name: string;
  /** What it watches; its rule group in rules.yaml is `<service>.<GROUP_OF_TOPIC[topic]>`. */
  topic: AlertTopic;
  /** The dependency of ready.yaml a dependency alert watches, by name. */
  dependency?: string;
  /** The queue of ready.yaml a queue alert watches, by name. */
  queue?: string;
  defaults: AlertParams;
  thresholdUnit?: ThresholdUnit;
  /** Labels of the rule besides `severity` (the Watchdog's `watchdog: "true"`, which Alertmanager routes on). */
  labels?: Record<string, string>;
  /** A heartbeat that fires all the time: it has a firing case and, by design, no silent one. */
  alwaysFiring?: boolean;
  build(params: AlertParams): BuiltAlert;
}

/**
 * How annotations print `$value`. The unit-test renderer expands exactly these tokens the way
 * Prometheus does, so the expected annotations in rules.test.yaml are computed, not guessed.
 */
export const VALUE = {
  percent: '{{ $value | humanizePercentage }}',
  count: '{{ $value | printf "%.0f" }}',
  decimal: '{{ $value | printf "%.2f" }}',
  seconds: '{{ $value | printf "%.3f" }}s',
} as const;

/** A number as PromQL and people read it: no float noise (0.1 + 0.2 prints 0.3). */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

export function percent(ratio: number): string {
  return `${num(ratio * 100)}%`;
}

export function pascal(kebab: string): string {
  return kebab
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** The Prometheus job of the service: the ServiceMonitor scrapes the Service named after it. */
export function job(model: ReadyModel): string {
  return model.names.kebab;
}

export function alertName(model: ReadyModel, suffix: string): string {
  return `${model.names.pascal}${suffix}`;
}

/** The rule group of each topic, in the order rules.yaml lists them. */
export const GROUP_OF_TOPIC: Record<AlertTopic, string> = {
  slo: 'slo-alerts',
  symptom: 'symptoms',
  platform: 'platform',
  monitoring: 'monitoring',
  dependency: 'dependencies',
  queue: 'queues',
  security: 'security',
};

export function groupName(model: ReadyModel, topic: string): string {
  return `${model.names.kebab}.${topic}`;
}

/** Every namespace the service runs in, as a regex alternation for kube-state-metrics and cAdvisor series. */
export function namespaceRegex(model: ReadyModel): string {
  return model.environments.map((env) => env.namespace).join('|');
}

/** The namespace test series pretend to come from: production when declared, else the last environment. */
export function sampleNamespace(model: ReadyModel): string {
  return (model.environments.find((env) => env.name === 'prod') ?? model.environments[model.environments.length - 1]).namespace;
}

export function samplePod(model: ReadyModel): string {
  return `${model.names.kebab}-6d8f7b9c4-q7x2m`;
}

/** `name{a="1",b="2"}` */
export function series(name: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `${name}{${body}}`;
}

/** A counter growing by `perMinute` every minute, for `minutes` minutes (promtool notation). */
export function counter(perMinute: number, minutes: number): string {
  return `0+${num(perMinute)}x${minutes}`;
}

/** A gauge holding `value` for `minutes` minutes. */
export function gauge(value: number, minutes: number): string {
  return `${num(value)}+0x${minutes}`;
}

/** Minutes of a Prometheus duration such as 90s, 5m or 1h (rounded up). */
export function durationMinutes(duration: string | undefined): number {
  if (!duration) return 0;
  const match = /^(\d+)([smhd])$/.exec(duration);
  if (!match) throw new Error(`ready: cannot read the duration "${duration}"`);
  const n = Number(match[1]);
  const perUnit = { s: 1 / 60, m: 1, h: 60, d: 1440 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Math.ceil(n * perUnit);
}

/** Minutes after warm-up and `for` at which a case is checked (a firing alert is firing by then). */
const SETTLE_MINUTES = 5;

/** When promtool checks an alert's cases: after its window filled, its `for` passed and a little slack. */
export function evalMinutes(warmupMinutes: number, forDuration?: string): number {
  return warmupMinutes + durationMinutes(forDuration) + SETTLE_MINUTES;
}

/** How long test series run: past the evaluation time. */
export function testMinutes(warmupMinutes: number, forDuration?: string): number {
  return evalMinutes(warmupMinutes, forDuration) + SETTLE_MINUTES;
}

/** A ratio comfortably above a threshold (and at most 100%), for firing cases. */
export function ratioAbove(threshold: number): number {
  return threshold < 0.5 ? threshold * 2 : (1 + threshold) / 2;
}

/** A value comfortably above a non-negative threshold, for firing cases. */
export function above(threshold: number): number {
  return threshold * 2 + 1;
}

/** Definitely the threshold, for silent cases (a healthy but non-zero signal). */
export function below(threshold: number): number {
  return threshold / 2;
}
