import { z } from 'zod';
import { credentialDependencyKinds, dependencyEnvFields } from './dependency-env';
import { serverTimeouts, slowestDependency } from './timeouts';

/**
 * The one service config model (`ready.yaml`, apiVersion ready/v1).
 * Everything ready generates is a function of the normalized output of this schema.
 */

/** An integer field whose errors read "expected an integer ≥ 1, got 0". */
function int(min: number, max?: number) {
  const base = z.number({ error: 'expected a number' }).int({ error: 'expected an integer' }).min(min, { error: `expected an integer ≥ ${min}` });
  return max === undefined ? base : base.max(max, { error: `expected an integer ≤ ${max}` });
}

const kebabName = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'expected a lowercase kebab-case name (e.g. "payments-api")');


const durationMs = int(1, 3_600_000);

const envVarName = z
  .string()
  .max(100)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'expected an environment variable name in CONSTANT_CASE (e.g. "OPENROUTER_API_KEY")');

const dependencyKinds = ['postgres', 'mysql', 'redis', 'rabbitmq', 'kafka', 'mongodb', 'qdrant', 'neo4j', 'elasticsearch', 'opensearch', 'http', 'custom'] as const;

const retrySchema = z
  .object({
    attempts: int(1, 10).default(3).describe('Total attempts including the first call'),
    baseMs: durationMs.default(100).describe('First backoff delay; doubles per attempt, with jitter'),
    maxMs: durationMs.default(2_000).describe('Upper bound of one backoff delay'),
  })
  .strict()
  .refine((r) => r.maxMs >= r.baseMs, { message: 'expected maxMs ≥ baseMs', path: ['maxMs'] });

const breakerSchema = z
  .object({
    failureThreshold: int(1, 1000).default(5).describe('Consecutive failures that open the breaker'),
    halfOpenAfterMs: durationMs.default(10_000).describe('How long the breaker stays open before a trial call'),
  })
  .strict();

const poolSchema = z
  .object({
    min: int(0).default(0),
    max: int(1, 1000).default(10),
  })
  .strict()
  .refine((p) => p.max >= p.min, { message: 'expected max ≥ min', path: ['max'] });

/** Kinds whose client keeps a connection pool that `pool` sizes (pg Pool, mysql2's pool, the MongoDB driver's pool). */
export const pooledDependencyKinds: readonly (typeof dependencyKinds)[number][] = ['postgres', 'mysql', 'mongodb'];
const pooledKindList = new Intl.ListFormat('en', { type: 'conjunction' }).format(pooledDependencyKinds);
const credentialKindList = new Intl.ListFormat('en', { type: 'disjunction' }).format(credentialDependencyKinds);

/** Connect deadline when `connectTimeoutMs` is left out: the per-attempt timeout, at most 2 s. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

/** The connect deadline a dependency's client uses. */
export function connectTimeoutOf(dep: { timeoutMs: number; connectTimeoutMs?: number }): number {
  return dep.connectTimeoutMs ?? Math.min(dep.timeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
}

const dependencyObject = z
  .object({
    name: kebabName.describe('Dependency name; its URL is read from <NAME>_URL unless env.url names another variable'),
    kind: z.enum(dependencyKinds).describe('Which client is generated'),
    critical: z.boolean().default(true).describe('Readiness fails while a critical dependency is down'),
    optional: z
      .boolean()
      .default(false)
      .describe('The service may run without it: its URL variable may be unset, and then readiness ignores it and its calls fail with DependencyNotConfiguredError'),
    timeoutMs: durationMs.default(2_000).describe('Per-attempt timeout of a call (query, command, request)'),
    connectTimeoutMs: durationMs
      .optional()
      .describe(`Deadline to open a connection (TCP, TLS and the protocol handshake); defaults to timeoutMs, at most ${DEFAULT_CONNECT_TIMEOUT_MS} ms`),
    retry: retrySchema.prefault({}),
    breaker: breakerSchema.prefault({}),
    pool: poolSchema.prefault({}).describe(`Connection pool size; only ${pooledKindList} clients pool connections`),
    llm: z
      .object({ provider: z.enum(['openai', 'anthropic', 'bedrock', 'openrouter', 'other']) })
      .strict()
      .optional()
      .describe('Marks an http dependency as an LLM provider'),
    env: z
      .object({
        url: envVarName.optional().describe('Variable holding its URL, instead of <NAME>_URL (e.g. a name the team already deploys)'),
        token: envVarName.optional().describe(`Variable holding the API key (kinds ${credentialDependencyKinds.join(', ')}), instead of <NAME>_TOKEN (e.g. OPENROUTER_API_KEY)`),
      })
      .strict()
      .optional()
      .describe('Names of the variables it reads, where the team has its own'),
  })
  .strict()
  .refine((d) => !d.llm || d.kind === 'http', { message: 'expected llm only on kind "http"', path: ['llm'] })
  .refine((d) => !d.env?.token || (credentialDependencyKinds as readonly string[]).includes(d.kind), {
    message: `expected env.token only on kind ${credentialKindList} (the other kinds carry credentials in the URL)`,
    path: ['env', 'token'],
  });

/**
 * A `pool` on a kind that holds no pool would do nothing (ioredis multiplexes one connection, amqplib
 * and kafkajs keep one per client, fetch and custom clients manage their own), so it is refused where
 * it is written rather than silently ignored. Checked on the input: the parsed model always has a pool.
 */
export const dependencySchema = z.preprocess((input, ctx) => {
  const raw = input as { kind?: unknown; pool?: unknown } | null;
  if (raw && typeof raw === 'object' && raw.pool !== undefined && typeof raw.kind === 'string' && !(pooledDependencyKinds as readonly string[]).includes(raw.kind)) {
    ctx.issues.push({
      code: 'custom',
      input: raw.pool,
      path: ['pool'],
      message: `expected no pool on a ${raw.kind} dependency (only ${pooledKindList} clients pool connections)`,
    });
  }
  return input;
}, dependencyObject);

export const queueSchema = z
  .object({
    name: kebabName,
    backend: z
      .enum(['bullmq', 'rabbitmq'])
      .default('bullmq')
      .describe('Where jobs live: bullmq (Redis) or rabbitmq (a dead-letter exchange; needs a rabbitmq dependency)'),
    concurrency: int(1, 1000).default(5).describe('Jobs processed in parallel per replica'),
    attempts: int(1, 100).default(5).describe('Attempts before a job moves to the dead-letter queue'),
    backoff: z
      .object({
        type: z.enum(['exponential', 'fixed']).default('exponential'),
        delayMs: durationMs.default(1_000),
      })
      .strict()
      .prefault({}),
    dlq: z
      .object({
        maxDepthAlert: int(1).default(100).describe('DLQ depth that raises an alert'),
        maxAgeAlert: int(60).default(3_600).describe('Age in seconds of the oldest DLQ job that raises an alert'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Most label combinations a declared metric may have: each is a series from startup, on every pod. */
export const MAX_METRIC_SERIES = 500;

const snakeName = (example: string) => z.string().min(1).max(80).regex(/^[a-z][a-z0-9_]*$/, `expected a snake_case name such as "${example}"`);

/** Units that have a base unit Prometheus prefers (promtool check metrics flags them). */
const NON_BASE_UNITS = /_(milliseconds|microseconds|nanoseconds|minutes|hours|days|kilobytes|megabytes|gigabytes|percent)(_total)?$/;

/**
 * A business metric of the service (applications created, jobs processed, active users): a typed helper in
 * src/business-metrics, its series at 0 from startup, a dashboard panel and a MONITORING.md entry.
 */
export const metricSchema = z
  .object({
    name: snakeName('applications_created_total').describe('Metric name after the service prefix: <prefix>_<name>; counters end in _total'),
    type: z.enum(['counter', 'gauge', 'histogram']).describe('counter (only goes up), gauge (goes up and down) or histogram (a distribution)'),
    help: z.string().min(1).max(300).describe('What one unit of it means, shown in /metrics and the docs'),
    labels: z
      .record(snakeName('outcome'), z.array(z.string().min(1).max(64)).min(1).max(50))
      .default({})
      .describe('Label names with every value each may take; fixed values keep cardinality bounded and let every series start at 0'),
    buckets: z
      .array(z.number().positive())
      .min(1)
      .max(30)
      .optional()
      .describe('Histogram bucket upper bounds, increasing (prom-client defaults when unset); only for histograms'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.name === 'app_info') ctx.addIssue({ code: 'custom', path: ['name'], message: 'expected a name other than app_info, which the service exports itself (<prefix>_app_info)' });
    if (m.type === 'counter' && !m.name.endsWith('_total')) ctx.addIssue({ code: 'custom', path: ['name'], message: `expected a counter name ending in _total (e.g. "${m.name}_total")` });
    if (m.type !== 'counter' && m.name.endsWith('_total')) ctx.addIssue({ code: 'custom', path: ['name'], message: `expected _total only on a counter; a ${m.type} is named without it` });
    const unit = NON_BASE_UNITS.exec(m.name);
    if (unit) ctx.addIssue({ code: 'custom', path: ['name'], message: `expected a base unit (seconds, bytes, ratio), got _${unit[1]}: record seconds or bytes and let the dashboard scale` });
    if (m.buckets && m.type !== 'histogram') ctx.addIssue({ code: 'custom', path: ['buckets'], message: `expected buckets only on a histogram, not a ${m.type}` });
    if (m.buckets?.some((b, i) => i > 0 && b <= m.buckets![i - 1])) ctx.addIssue({ code: 'custom', path: ['buckets'], message: 'expected strictly increasing bucket bounds' });
    for (const [label, values] of Object.entries(m.labels)) {
      if (label.startsWith('__') || (m.type === 'histogram' && label === 'le') || label === 'quantile') {
        ctx.addIssue({ code: 'custom', path: ['labels', label], message: `expected a label name Prometheus does not reserve, got "${label}"` });
      }
      const duplicate = values.find((v, i) => values.indexOf(v) !== i);
      if (duplicate !== undefined) ctx.addIssue({ code: 'custom', path: ['labels', label], message: `expected distinct values, got "${duplicate}" twice` });
    }
    const series = Object.values(m.labels).reduce((n, values) => n * values.length, 1);
    if (series > MAX_METRIC_SERIES) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: `expected at most ${MAX_METRIC_SERIES} label combinations (series per pod), got ${series}; drop a label or merge values` });
    }
  });

export const cacheSchema = z
  .object({
    name: kebabName.describe('Cache name; the label of cache_requests_total and the prefix of its Redis keys'),
    ttlSeconds: int(1, 30 * 24 * 3_600).default(300).describe('How long a cached read is served before it is loaded again'),
  })
  .strict();

const resourcesSchema = z
  .object({
    cpu: z.string().regex(/^\d+(\.\d+)?m?$/, 'expected a Kubernetes CPU quantity such as "250m" or "1"').default('250m'),
    memory: z.string().regex(/^\d+(Ki|Mi|Gi)$/, 'expected a Kubernetes memory quantity such as "256Mi"').default('256Mi'),
  })
  .strict();

export const environmentSchema = z
  .object({
    name: kebabName.describe('Environment name, e.g. dev, staging, prod'),
    namespace: kebabName.optional().describe('Kubernetes namespace (defaults to <service>-<env>)'),
    replicas: z
      .object({ min: int(1), max: int(1) })
      .strict()
      .default({ min: 2, max: 4 })
      .refine((r) => r.max >= r.min, { message: 'expected max ≥ min', path: ['max'] }),
    resources: resourcesSchema.prefault({}),
    ingressHost: z
      .string()
      .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'expected a DNS host name such as "api.example.com"')
      .optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
    requireApproval: z.boolean().optional().describe('Deploys need a manual approval (defaults to true for prod)'),
  })
  .strict();

export const readyConfigSchema = z
  .object({
    apiVersion: z.literal('ready/v1').describe('Config format version'),
    service: z
      .object({
        name: kebabName.describe('Service name; used for the app, image, Kubernetes objects and metric prefix'),
        description: z.string().min(1).max(200).default('A production-ready service').describe('One-line purpose, shown in the README and docs'),
        owner: z.string().min(1).max(100).default('platform-team').describe('Owning team'),
        onCall: z.string().min(1).max(200).default('#platform-oncall').describe('On-call contact or channel'),
        tier: z.enum(['critical', 'high', 'medium', 'low']).default('medium').describe('Business criticality; drives alert severities and review depth'),
        repository: z.url().optional().describe('Source repository URL'),
        docsBaseUrl: z.url().optional().describe('Base URL where docs are browsed; runbook_url links point below it'),
      })
      .strict(),
    runtime: z
      .object({
        framework: z.enum(['fastify', 'express']).default('fastify').describe('HTTP framework: fastify for new services; express is detected on existing apps'),
        node: z.enum(['20', '22', '24']).default('22').describe('Node.js major version of the image and CI'),
        entry: z
          .string()
          .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.(ts|mts|cts)$/, 'expected a TypeScript file relative to the project, e.g. src/index.ts')
          .optional()
          .describe('The file node starts, relative to the project (written by ready:adopt for an app ready did not make); default: the build target\'s main, else src/main.ts'),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        port: int(1, 65_535).default(3000).describe('Port the service listens on (PORT)'),
        basePath: z
          .string()
          .regex(/^(\/[a-z0-9-]+)*$/, 'expected "" or a path like "/api"')
          .default('')
          .describe('Prefix of every API route (probes and /metrics stay at the root)'),
        bodyLimitBytes: int(1_024, 100 * 1024 * 1024).default(1_048_576).describe('Largest accepted request body; larger bodies get 413'),
        requestTimeoutMs: durationMs.default(30_000).describe('Maximum time to receive a whole request'),
        handlerTimeoutMs: int(1, 24 * 3_600_000)
          .optional()
          .describe(
            'Deadline of one request: past it the caller gets a 503 problem+json and the service logs it. Defaults to the slowest dependency call (timeoutMs × attempts + backoff) plus 5 s, at least 30 s',
          ),
        connectionTimeoutMs: int(1, 24 * 3_600_000)
          .optional()
          .describe('Socket inactivity timeout; defaults to handlerTimeoutMs + 5 s, so a request is answered at its deadline before its socket is cut'),
        keepAliveTimeoutMs: durationMs.default(72_000).describe('Idle keep-alive timeout; keep it above the load balancer idle timeout'),
        trustedProxies: z
          .array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'expected an IP address or CIDR such as "10.0.0.0/8"'))
          .default([])
          .describe('Proxy addresses whose X-Forwarded-* headers are trusted (never all)'),
        corsOrigins: z.array(z.url()).default([]).describe('Origins allowed by CORS; empty allows none'),
        loadShedding: z
          .object({
            maxEventLoopDelayMs: int(10, 60_000).default(1_000).describe('Answer 503 while the event loop lags more than this'),
            maxEventLoopUtilization: z.number().min(0).max(1).default(0).describe('Answer 503 while event loop utilization is above this share (0 to 1); 0 turns the check off'),
            maxHeapUsedBytes: int(0).default(0).describe('Answer 503 while the V8 heap uses more than this; 0 turns the check off'),
            maxRssBytes: int(0).default(0).describe('Answer 503 while resident memory is above this; 0 turns the check off'),
            retryAfterSeconds: int(1, 3_600).default(10).describe('Retry-After sent with load-shedding 503s'),
          })
          .strict()
          .prefault({})
          .describe('Load shedding (under-pressure): probes and /metrics are never shed'),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        mode: z.enum(['jwt', 'api-key', 'both', 'none']).default('jwt').describe('How callers authenticate'),
        jwt: z
          .object({
            issuer: z.string().min(1).optional().describe('Expected iss claim'),
            audience: z.string().min(1).optional().describe('Expected aud claim'),
            jwksUrl: z.url().optional().describe('JWKS endpoint; when absent the key comes from JWT_SECRET or JWT_PUBLIC_KEY'),
            clockSkewSeconds: int(0, 300).default(30).describe('Tolerance for exp and nbf'),
          })
          .strict()
          .prefault({}),
        roles: z
          .array(z.string().regex(/^[a-z][a-z0-9:_-]*$/, 'expected a lowercase role or scope such as "admin" or "items:write"'))
          .min(1)
          .default(['reader', 'admin'])
          .describe('Roles or scopes that routes may require; a route requiring several accepts any one of them'),
        adminRole: z
          .string()
          .regex(/^[a-z][a-z0-9:_-]*$/, 'expected a lowercase role or scope such as "admin"')
          .default('admin')
          .describe('Role of administrative routes (writes to the example resource, DLQ admin)'),
        metricsPublic: z.boolean().default(true).describe('Serve /metrics without authentication; keep it off the public Ingress either way'),
      })
      .strict()
      .prefault({})
      .refine((a) => a.roles.includes(a.adminRole), { message: 'expected adminRole to be one of roles', path: ['adminRole'] }),
    rateLimits: z
      .object({
        store: z.enum(['memory', 'redis']).default('memory').describe('Where rate-limit counters live; redis shares them across replicas'),
        storeTimeoutMs: int(10, 10_000)
          .default(500)
          .describe('Redis store: connect and command deadline; a store that does not answer in time lets the request through uncounted (fail open, counted in rate_limit_store_fail_open_total)'),
        global: z
          .object({ max: int(1), windowMs: durationMs })
          .strict()
          .default({ max: 100, windowMs: 60_000 }),
        sensitive: z
          .object({ max: int(1), windowMs: durationMs })
          .strict()
          .default({ max: 20, windowMs: 60_000 })
          .describe('Stricter limit of auth-sensitive routes: those requiring the admin role'),
        routes: z
          .array(
            z
              .object({
                route: z.string().startsWith('/').describe('Route template as registered, e.g. /v1/items/:id (without the base path)'),
                method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional().describe('Only this method of the route (GET covers HEAD); every method when unset'),
                max: int(1),
                windowMs: durationMs,
                by: z
                  .enum(['principal', 'ip'])
                  .default('principal')
                  .describe('Count per principal (the client IP for anonymous callers), or per client IP whoever calls (e.g. a login route)'),
              })
              .strict(),
          )
          .default([])
          .describe('Per-route limits that replace the global one; several entries for one route with different windows all apply (e.g. 60 a minute and 1000 an hour)'),
      })
      .strict()
      .prefault({}),
    observability: z
      .object({
        logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('Default LOG_LEVEL'),
        redactPaths: z
          .array(z.string().regex(/^[A-Za-z_$][\w$]*(\.[\w$-]+|\["[^"]+"\]|\[\*\])*$/, 'expected a pino redact path such as "req.body.password"'))
          .default([]),
        metricsPrefix: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/, 'expected a Prometheus name prefix such as "payments"')
          .optional()
          .describe('Prefix of custom metrics; defaults to the service name in snake_case'),
        tracing: z.boolean().default(true).describe('Start OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set'),
        slowRequestMs: durationMs.default(1_000).describe('Requests slower than this log a warning'),
        shutdown: z
          .object({
            drainDelayMs: int(0, 60_000).default(5_000).describe('Time between readiness turning 503 and the server closing, so load balancers stop sending traffic'),
            timeoutMs: durationMs.default(20_000).describe('Force exit after this long; keep it below the Kubernetes grace period'),
          })
          .strict()
          .prefault({})
          .refine((s) => s.timeoutMs > s.drainDelayMs, {
            message: 'expected timeoutMs greater than drainDelayMs',
            path: ['timeoutMs'],
          }),
      })
      .strict()
      .prefault({}),
    dependencies: z.array(dependencySchema).prefault([]),
    queues: z.array(queueSchema).default([]),
    cache: z.array(cacheSchema).default([]).describe('Cache-aside helpers for expensive reads, stored in the first redis dependency'),
    metrics: z.array(metricSchema).default([]).describe('Business metrics of the service: typed helpers (app.businessMetrics), series from startup, a dashboard row, MONITORING.md'),
    slo: z
      .object({
        availability: z.number().gt(90).lt(100).default(99.9).describe('Availability target in percent'),
        latency: z
          .object({
            thresholdMs: int(1, 60_000).default(300).describe('Latency SLO threshold'),
            percentile: z.number().gt(50).lt(100).default(99).describe('Share of requests that must be faster than the threshold'),
          })
          .strict()
          .prefault({}),
        window: z.enum(['7d', '28d', '30d']).default('30d').describe('SLO window for the error budget'),
        minRequestRate: z
          .number()
          .min(0)
          .max(10_000)
          .default(0.5)
          .describe('Requests per second (over a burn-rate pair\'s short window) below which the SLO burn-rate alerts stay silent: at low traffic one failed request is a large share. 0 turns the guard off'),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        overrides: z
          .array(
            z
              .object({
                alert: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'expected a CamelCase alert name'),
                severity: z.enum(['critical', 'warning', 'info']).optional(),
                for: z.string().regex(/^\d+[smh]$/, 'expected a duration such as "5m"').optional(),
                threshold: z.number().optional(),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    deploy: z
      .object({
        registry: z.string().min(1).default('registry.example.com').describe('Container registry the image is pushed to'),
        image: kebabName.optional().describe('Image name; defaults to the service name'),
        strategy: z.enum(['rolling']).default('rolling').describe('Rollout strategy'),
        environments: z
          .array(environmentSchema)
          .min(1)
          .default([{ name: 'dev' }, { name: 'staging' }, { name: 'prod' }].map((e) => environmentSchema.parse(e))),
      })
      .strict()
      .prefault({}),
    ci: z
      .object({
        provider: z.enum(['github']).default('github').describe('CI provider whose workflows are generated'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const unique = (items: { name: string }[], path: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.name)) {
          ctx.addIssue({ code: 'custom', path: [path, i, 'name'], message: `expected a unique name, got duplicate "${item.name}"` });
        }
        seen.add(item.name);
      });
    };
    unique(cfg.dependencies, 'dependencies');
    // Each variable is read by one dependency: two sharing one would silently get the same URL or credential.
    const readers = new Map<string, string>();
    cfg.dependencies.forEach((dep, i) => {
      for (const { name, field } of dependencyEnvFields(dep)) {
        const other = readers.get(name);
        if (other !== undefined && other !== dep.name) {
          const message =
            field === 'name'
              ? `expected a name whose variable ${name} no other dependency reads (dependency "${other}" does), or env to name another`
              : `expected a variable no other dependency reads (dependency "${other}" reads it)`;
          ctx.addIssue({ code: 'custom', path: ['dependencies', i, ...field.split('.')], message });
        }
        readers.set(name, dep.name);
      }
    });
    unique(cfg.queues, 'queues');
    unique(cfg.cache, 'cache');
    unique(cfg.metrics, 'metrics');
    // Several windows of one route all apply; two limits of one window on the same route and method would contradict.
    cfg.rateLimits.routes.forEach((r, i) => {
      const earlier = cfg.rateLimits.routes.findIndex((o) => o.route === r.route && o.windowMs === r.windowMs && (o.method === undefined || r.method === undefined || o.method === r.method));
      if (earlier < i) {
        ctx.addIssue({
          code: 'custom',
          path: ['rateLimits', 'routes', i, 'windowMs'],
          message: `expected one limit per route, method and window; rateLimits.routes[${earlier}] already limits ${r.method ?? 'every method of'} ${r.route} per ${r.windowMs} ms`,
        });
      }
    });
    // app.dependencies.llm is the fallback chain across the LLM providers, so no dependency may take that name.
    const llmNamed = cfg.dependencies.findIndex((d) => d.name === 'llm');
    if (llmNamed >= 0 && cfg.dependencies.some((d) => d.llm)) {
      ctx.addIssue({
        code: 'custom',
        path: ['dependencies', llmNamed, 'name'],
        message: 'expected a name other than "llm", which names the fallback chain of the LLM providers (app.dependencies.llm); name it after its provider, e.g. "openai"',
      });
    }
    const hasKind = (kind: (typeof dependencyKinds)[number]) => cfg.dependencies.some((d) => d.kind === kind);
    if (cfg.queues.some((q) => q.backend === 'bullmq') && !hasKind('redis')) {
      // Queues run in-process locally, but production needs Redis; declaring it keeps manifests and docs honest.
      ctx.addIssue({
        code: 'custom',
        path: ['queues'],
        message: 'expected a dependency of kind "redis" when queues are declared (BullMQ stores jobs in Redis)',
      });
    }
    cfg.queues.forEach((q, i) => {
      if (q.backend === 'rabbitmq' && !hasKind('rabbitmq')) {
        ctx.addIssue({
          code: 'custom',
          path: ['queues', i, 'backend'],
          message: 'expected a dependency of kind "rabbitmq" when a queue uses backend "rabbitmq"',
        });
      }
    });
    // A deadline or socket timeout shorter than a dependency call would cut requests that call is allowed to make.
    const slowest = slowestDependency(cfg.dependencies);
    if (cfg.http.handlerTimeoutMs !== undefined && slowest && cfg.http.handlerTimeoutMs < slowest.budgetMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['http', 'handlerTimeoutMs'],
        message: `expected at least ${slowest.budgetMs} ms: a call to dependency "${slowest.name}" may take that long (${slowest.why}); lower its timeoutMs or retry.attempts, or leave handlerTimeoutMs out`,
      });
    }
    const timeouts = serverTimeouts(cfg.http, cfg.dependencies);
    if (cfg.http.connectionTimeoutMs !== undefined && cfg.http.connectionTimeoutMs <= timeouts.handlerTimeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['http', 'connectionTimeoutMs'],
        message: `expected more than the request deadline (${timeouts.handlerTimeoutMs} ms), so a slow request gets its 503 instead of a cut connection; or leave connectionTimeoutMs out`,
      });
    }
    if (cfg.cache.length > 0 && !hasKind('redis')) {
      ctx.addIssue({ code: 'custom', path: ['cache'], message: 'expected a dependency of kind "redis" when caches are declared (cached reads live in Redis)' });
    }
  });

export type ReadyConfigInput = z.input<typeof readyConfigSchema>;
export type ReadyConfigParsed = z.output<typeof readyConfigSchema>;
