import type { ReadyModel } from '@ready-tools/config';
import { queueEnvVars } from '../../queues/lib/env-vars';
import { resilienceEnvVars } from '../../resilience/lib/env-vars';
import { securityEnvVars } from '../../security/lib/env-vars';

/** One environment variable of a generated service. The env schema, `.env.example` and ENVIRONMENT.md are all rendered from this list. */
export interface EnvVarSpec {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'url' | 'enum';
  /** The value used when the variable is unset, as it would be written in a .env file. */
  default?: string;
  required: boolean;
  /** Never logged; in production a placeholder or weak value is refused at startup. */
  secret: boolean;
  description: string;
  /** Allowed values of an `enum`. */
  values?: string[];
  /** A value that works on a developer machine (local docker-compose); used by the service's tests, never as a default. */
  localValue?: string;
  /** Inclusive bounds of an `integer`. */
  min?: number;
  max?: number;
  /** Shortest accepted `string`. */
  minLength?: number;
  /** A `string` must match this (JavaScript regex source); `patternHint` says what is expected. */
  pattern?: string;
  patternHint?: string;
}

/** Where each kind of dependency listens in the local docker-compose setup. */
const LOCAL_URLS: Record<string, (db: string) => string> = {
  postgres: (db) => `postgres://postgres:postgres@127.0.0.1:5432/${db}`,
  redis: () => 'redis://127.0.0.1:6379',
  rabbitmq: () => 'amqp://guest:guest@127.0.0.1:5672',
  kafka: () => 'kafka://127.0.0.1:9092',
  mongodb: (db) => `mongodb://127.0.0.1:27017/${db}`,
  http: (name) => `http://127.0.0.1:8080/${name}`,
  custom: (name) => `http://127.0.0.1:8080/${name}`,
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Base and observability variables, then one URL per declared dependency. */
export function serviceEnvVars(model: ReadyModel): EnvVarSpec[] {
  const o = model.observability;
  const vars: EnvVarSpec[] = [
    {
      name: 'NODE_ENV',
      type: 'enum',
      values: ['production', 'development', 'test'],
      default: 'production',
      required: false,
      secret: false,
      description: 'Runtime mode. Defaults to production so stack traces and weak secrets need an explicit opt-in.',
    },
    {
      name: 'HOST',
      type: 'string',
      default: '0.0.0.0',
      required: false,
      secret: false,
      description: 'Interface the HTTP server binds to; 0.0.0.0 so probes and the Service reach the pod.',
    },
    {
      name: 'PORT',
      type: 'integer',
      min: 1,
      max: 65535,
      default: String(model.http.port),
      required: false,
      secret: false,
      description: 'TCP port the HTTP server listens on.',
    },
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
  ];
  vars.push(...securityEnvVars(model), ...resilienceEnvVars(model), ...queueEnvVars(model));
  for (const dep of model.dependencies) {
    vars.push({
      name: dep.envVar,
      type: 'url',
      required: true,
      secret: true,
      localValue: LOCAL_URLS[dep.kind](dep.name.replace(/-/g, '_')),
      description: `Connection URL of the ${dep.kind} dependency "${dep.name}"${dep.critical ? ' (critical: readiness fails while it is down)' : ''}.${
        dep.envVar === model.rateLimitRedisEnvVar ? ' It also holds the rate-limit counters shared by every replica (rateLimits.store: redis).' : ''
      }`,
    });
  }
  return mergeEnvVars(vars);
}

/**
 * One spec per variable name, at the place it first appears. Two features may read the same variable (the
 * rate-limit store reuses the redis dependency's URL): it is declared once, required or secret if either
 * says so, with both uses in its description, so the env schema never has a duplicate key.
 */
export function mergeEnvVars(vars: EnvVarSpec[]): EnvVarSpec[] {
  const byName = new Map<string, EnvVarSpec>();
  for (const spec of vars) {
    const seen = byName.get(spec.name);
    if (!seen) {
      byName.set(spec.name, spec);
      continue;
    }
    if (seen.type !== spec.type) throw new Error(`ready: ${spec.name} is declared as ${seen.type} and as ${spec.type}`);
    byName.set(spec.name, {
      ...spec,
      ...seen,
      required: seen.required || spec.required,
      secret: seen.secret || spec.secret,
      localValue: seen.localValue ?? spec.localValue,
      description: seen.description === spec.description ? seen.description : `${seen.description} ${spec.description}`,
    });
  }
  return [...byName.values()];
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The zod expression that validates one variable in the generated `src/config/env.ts`. */
export function envZodExpression(spec: EnvVarSpec): string {
  let expr: string;
  switch (spec.type) {
    case 'integer':
      expr = `integer(${spec.min ?? 0}, ${spec.max ?? Number.MAX_SAFE_INTEGER})`;
      break;
    case 'boolean':
      expr = 'boolean()';
      break;
    case 'url':
      expr = 'url()';
      break;
    case 'enum':
      expr = `z.enum([${(spec.values ?? []).map(quote).join(', ')}], { error: ${quote(`expected one of ${(spec.values ?? []).join(', ')}`)} })`;
      break;
    default:
      expr = 'text()';
      if (spec.minLength !== undefined) expr += `.min(${spec.minLength}, { error: ${quote(`expected at least ${spec.minLength} characters`)} })`;
      if (spec.pattern !== undefined) expr += `.regex(/${spec.pattern}/, { error: ${quote(`expected ${spec.patternHint ?? `a value matching ${spec.pattern}`}`)} })`;
  }
  if (spec.default !== undefined) {
    const value = spec.type === 'integer' ? String(Number(spec.default)) : spec.type === 'boolean' ? String(spec.default === 'true') : quote(spec.default);
    return `${expr}.default(${value})`;
  }
  return spec.required ? expr : `${expr}.optional()`;
}

/** `.env.example`: every variable with its description; required ones are left empty so a missing value fails loudly. */
export function renderEnvExample(vars: EnvVarSpec[], marker: string): string {
  const blocks = vars.map((v) => {
    const flags = [v.type === 'enum' ? `one of ${v.values?.join(', ')}` : v.type, v.required ? 'required' : 'optional', ...(v.secret ? ['secret'] : [])];
    return `# ${v.description} (${flags.join(', ')})\n${v.name}=${v.default ?? ''}`;
  });
  return `# ${marker}\n\n${blocks.join('\n\n')}\n`;
}
