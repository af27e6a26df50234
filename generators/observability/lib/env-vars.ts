import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The variables the observability feature reads: logs, shutdown, tracing and error reporting. */
export function observabilityEnvVars(model: ReadyModel): EnvVarSpec[] {
  const o = model.observability;
  return [
    {
      name: 'LOG_LEVEL',
      type: 'enum',
      values: LOG_LEVELS,
      default: o.logLevel,
      required: false,
      secret: false,
      description: 'Minimum level of the JSON logs written to stdout.',
    },
    {
      name: 'SERVICE_VERSION',
      type: 'string',
      default: '0.0.0',
      required: false,
      secret: false,
      description: 'Version reported by /health, the OpenAPI document and the app info metric; CI sets it to the image tag.',
    },
    {
      name: 'SLOW_REQUEST_MS',
      type: 'integer',
      min: 1,
      max: 3_600_000,
      default: String(o.slowRequestMs),
      required: false,
      secret: false,
      description: 'Requests slower than this many milliseconds also log a "slow request" warning.',
    },
    {
      name: 'SHUTDOWN_DRAIN_MS',
      type: 'integer',
      min: 0,
      max: 60_000,
      default: String(o.shutdown.drainDelayMs),
      required: false,
      secret: false,
      description: 'After SIGTERM, readiness fails at once and the server keeps serving for this long so load balancers stop routing to it.',
    },
    {
      name: 'SHUTDOWN_TIMEOUT_MS',
      type: 'integer',
      min: 1,
      max: 3_600_000,
      default: String(o.shutdown.timeoutMs),
      required: false,
      secret: false,
      description: 'Hard limit for the whole shutdown; the process exits 1 when it is exceeded. Keep it below the pod termination grace period.',
    },
    {
      name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      type: 'url',
      required: false,
      secret: false,
      description: o.tracing
        ? 'OTLP/HTTP collector base URL (e.g. http://otel-collector:4318). Tracing starts only when it is set.'
        : 'OTLP/HTTP collector base URL. Tracing is switched off in ready.yaml (observability.tracing: false), so it is ignored.',
    },
    {
      name: 'OTEL_SERVICE_NAME',
      type: 'string',
      default: model.names.kebab,
      required: false,
      secret: false,
      description: 'service.name resource attribute of exported spans.',
    },
    {
      name: 'SENTRY_DSN',
      type: 'url',
      required: false,
      secret: true,
      description: 'Sentry DSN. When set, 5xx errors are reported to Sentry tagged with the request id.',
    },
    {
      name: 'SENTRY_ENVIRONMENT',
      type: 'string',
      required: false,
      secret: false,
      description: 'Environment of the errors reported to Sentry; each Kubernetes overlay sets its own name (e.g. staging). Unset, NODE_ENV. The release is SERVICE_VERSION, the image tag.',
    },
  ];
}
