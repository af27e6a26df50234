import type { ReadyModel } from '@ready-tools/config';

/** One window of a route's rate limit: `max` calls per `windowMs`, counted per principal or per client IP. */
export interface RouteLimitDoc {
  max: number;
  windowMs: number;
  perIp: boolean;
  /** The ready.yaml field it comes from. */
  source: string;
}

/** One HTTP route of the generated service, as API_REFERENCE.md and the README describe it. */
export interface RouteDoc {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  summary: string;
  /** public: no credentials; authenticated: any credential with one of `roles`. */
  access: 'public' | 'authenticated';
  roles: string[];
  /** Every window that limits the route (all apply), none when it is not rate limited. */
  rateLimits: RouteLimitDoc[];
  /** A call without credentials gets 401. */
  requiresCredentials: boolean;
}

/**
 * The routes of the generated app, known statically from its templates: the probes, /metrics and the
 * OpenAPI document (registered before the security plugin, so public and never rate limited), then the
 * example resource under `<apiPrefix>/items` and the DLQ admin routes of each queue, with the roles and limits
 * the security plugin applies.
 */
export function describeRoutes(model: ReadyModel): RouteDoc[] {
  const auth = model.auth.mode !== 'none';
  const base = model.http.basePath;
  const probe = (path: string, summary: string): RouteDoc => ({ method: 'GET', path, summary, access: 'public', roles: [], rateLimits: [], requiresCredentials: false });
  const limitFor = (method: RouteDoc['method'], path: string, admin: boolean): RouteLimitDoc[] => {
    const explicit = model.rateLimits.routes.flatMap((r, i) =>
      (r.route === path || `${base}${r.route}` === `${base}${path}`) && (r.method === undefined || r.method === method) ? [{ max: r.max, windowMs: r.windowMs, perIp: r.by === 'ip', source: `rateLimits.routes[${i}]` }] : [],
    );
    if (explicit.length > 0) return explicit;
    if (admin) return [{ ...model.rateLimits.sensitive, perIp: false, source: 'rateLimits.sensitive (admin route)' }];
    return [{ ...model.rateLimits.global, perIp: false, source: 'rateLimits.global' }];
  };
  const api = (method: RouteDoc['method'], path: string, summary: string, admin: boolean): RouteDoc => ({
    method,
    path: `${base}${path}`,
    summary,
    access: auth ? 'authenticated' : 'public',
    roles: auth ? (admin ? [model.auth.adminRole] : model.auth.roles) : [],
    rateLimits: limitFor(method, path, admin),
    requiresCredentials: auth,
  });
  const metricsPublic = !auth || model.auth.metricsPublic;
  // The example resource lives under apiPrefix (the base path, plus /v1 unless it already ends in a version).
  const items = `${model.http.apiPrefix.slice(base.length)}/items`;
  return [
    probe('/health/live', 'Liveness: the process answers'),
    probe('/health/ready', 'Readiness: critical dependencies reachable and not shutting down (503 otherwise)'),
    probe('/health/startup', 'Startup: booted and critical checks passed once'),
    probe('/health', 'Detailed health: per-dependency status and latency, version, uptime'),
    {
      method: 'GET',
      path: '/metrics',
      summary: 'Prometheus metrics (scraped by the ServiceMonitor; not routed by the Ingress)',
      access: metricsPublic ? 'public' : 'authenticated',
      roles: [],
      rateLimits: [],
      requiresCredentials: !metricsPublic,
    },
    probe('/openapi.json', 'OpenAPI 3 document of every route'),
    api('GET', items, 'List your items, oldest first (`limit` 1–100, `cursor`)', false),
    api('POST', items, 'Create an item owned by the caller', false),
    api('GET', `${items}/:id`, 'Get one of your items (another caller’s item is a 404)', false),
    api('DELETE', `${items}/:id`, 'Delete any item (admin)', true),
    // The dead-letter queue admin routes of each declared queue (src/queues/admin.ts), admin only.
    ...model.queues.flatMap((queue) => {
      const dlq = `/admin/queues/${queue.name}/dlq`;
      return [
        api('GET', `${dlq}/stats`, `Dead-letter queue of ${queue.name}: depth, oldest age, counts by error (admin)`, true),
        api('GET', dlq, `Dead-lettered jobs of ${queue.name}, a bounded page (admin)`, true),
        api('POST', `${dlq}/replay`, `Replay dead-lettered jobs of ${queue.name}, all or by ids (admin)`, true),
        api('POST', `${dlq}/purge`, `Delete dead-lettered jobs of ${queue.name}, all or by ids (admin)`, true),
      ];
    }),
  ];
}
