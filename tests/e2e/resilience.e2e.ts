/**
 * Dependencies of the built e2e service (postgres `orders-db`, redis `cache`, which also backs the rate
 * limiter and the BullMQ queue `emails`), seen from outside over HTTP. Each dependency is reached through
 * a local TCP proxy this file owns, so an outage is a proxy cut: the shared servers are never touched.
 * Migrations run against a database this file creates and drops.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { parseConfigYaml } from '@ready-tools/config';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dependencyDeadlines } from '../../generators/resilience/lib/model-view';
import { E2E_SERVICE } from './support/global-setup';
import { bearer, e2eServiceEnv } from './support/service-env';
import { freePort, startService, type RunningService } from './support/service-process';
import { tcpProxy } from './support/tcp-proxy';
import { promtoolAvailable, run } from './support/workspace';

const ws = inject('workspace');
const dist = path.join(ws, 'dist/apps', E2E_SERVICE);
const env = e2eServiceEnv();
const runId = randomBytes(4).toString('hex');
const QUEUE_PREFIX = `e2e-resilience-${runId}`;

/** Start the built service without waiting for readiness (startService waits for 200, which a late dependency withholds). */
async function spawnService(extra: Record<string, string>) {
  const port = await freePort();
  const proc = spawn(process.execPath, [path.join(dist, 'main.js')], {
    cwd: ws,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env, SHUTDOWN_DRAIN_MS: '0', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf-8')));
  proc.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf-8')));
  const exit = new Promise<{ code: number | null; at: number }>((resolve) => proc.on('exit', (code) => resolve({ code, at: performance.now() })));
  const url = `http://127.0.0.1:${port}`;
  /** Status, body and milliseconds of one GET; a request that gets no answer in 30 s reports status 0. */
  const get = async (route: string, headers: Record<string, string> = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(`${url}${route}`, { headers, signal: AbortSignal.timeout(30_000) });
      const body = await res.text();
      return { status: res.status, body, ms: performance.now() - started };
    } catch {
      return { status: 0, body: '', ms: performance.now() - started };
    }
  };
  await until('the service listens', async () => (await get('/health/live')).status === 200, 30_000, 100);
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exit;
  };
  return { proc, exit, get, output, stop };
}

/** Poll until `condition` holds; throws naming `what` after `timeoutMs`. Returns the elapsed milliseconds. */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Math.round(performance.now() - started);
}

interface Check {
  name: string;
  critical: boolean;
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** The readiness probe period of the generated Deployment: "within one check interval" means within this. */
function readinessPeriodMs(): number {
  type Deployment = { kind: string; spec: { template: { spec: { containers: { readinessProbe: { periodSeconds: number } }[] } } } };
  const text = readFileSync(path.join(ws, 'apps', E2E_SERVICE, 'deploy/k8s/base/deployment.yaml'), 'utf-8');
  const deployment = parseAllDocuments(text)
    .map((d) => d.toJS() as Deployment)
    .find((d) => d?.kind === 'Deployment');
  return deployment!.spec.template.spec.containers[0].readinessProbe.periodSeconds * 1000;
}

/** terminationGracePeriodSeconds of the generated Deployment, in ms: SIGTERM must end the process before it. */
/** How long the service reuses a dependency's health check result (HEALTH_CACHE_MS of its src/dependencies/index.ts). */
function healthCacheMs(): number {
  const source = readFileSync(path.join(ws, 'apps', E2E_SERVICE, 'src/dependencies/index.ts'), 'utf-8');
  return Number(/export const HEALTH_CACHE_MS = ([\d_]+);/.exec(source)![1].replace(/_/g, ''));
}

/** The model of the service's ready.yaml. */
function serviceConfig() {
  return parseConfigYaml(readFileSync(path.join(ws, 'apps', E2E_SERVICE, 'ready.yaml'), 'utf-8'));
}

/** The service's own force-exit deadline (observability.shutdown.timeoutMs of its ready.yaml). */
function shutdownTimeoutMs(): number {
  return serviceConfig().observability.shutdown.timeoutMs;
}

function gracePeriodMs(): number {
  type Deployment = { kind: string; spec: { template: { spec: { terminationGracePeriodSeconds: number } } } };
  const text = readFileSync(path.join(ws, 'apps', E2E_SERVICE, 'deploy/k8s/base/deployment.yaml'), 'utf-8');
  const deployment = parseAllDocuments(text)
    .map((d) => d.toJS() as Deployment)
    .find((d) => d?.kind === 'Deployment');
  return deployment!.spec.template.spec.terminationGracePeriodSeconds * 1000;
}

beforeAll(async () => {
  await run('npx', ['nx', 'build', E2E_SERVICE, '--outputStyle=static'], { cwd: ws });
}, 180_000);

describe('dependencies of the running service, through proxies this test controls', () => {
  let svc: RunningService;
  let pg: Awaited<ReturnType<typeof tcpProxy>>;
  let redis: Awaited<ReturnType<typeof tcpProxy>>;
  const period = () => readinessPeriodMs();

  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${svc.url}${url}`, { headers, signal: AbortSignal.timeout(5_000) });
  const checks = async () => ((await (await get('/health')).json()) as { checks: Check[] }).checks;
  const check = async (name: string) => (await checks()).find((c) => c.name === name);
  const readyStatus = async () => (await get('/health/ready')).status;

  beforeAll(async () => {
    pg = await tcpProxy(new URL(env.ORDERS_DB_URL));
    redis = await tcpProxy(new URL(env.CACHE_URL));
    svc = await startService(ws, path.join(dist, 'main.js'), { ...env, ORDERS_DB_URL: pg.url, CACHE_URL: redis.url, QUEUE_PREFIX, SHUTDOWN_DRAIN_MS: '0' });
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
    await pg?.cut();
    await redis?.cut();
    const load = createRequire(path.join(dist, 'main.js'));
    const Redis = load('ioredis') as new (url: string) => { keys(p: string): Promise<string[]>; del(...k: string[]): Promise<number>; quit(): Promise<unknown> };
    const client = new Redis(env.CACHE_URL);
    const keys = await client.keys(`${QUEUE_PREFIX}:*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  it('SVC-16: /health lists orders-db and cache, critical, with status and latency', async () => {
    const all = await checks();
    for (const name of ['orders-db', 'cache']) {
      const c = all.find((x) => x.name === name);
      expect(c, name).toMatchObject({ critical: true, status: 'up' });
      expect(typeof c!.latencyMs).toBe('number');
      // Status up is the proof that it answered within its own deadline; no clock bound a busy runner could miss.
      expect(c!.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(await readyStatus()).toBe(200);
  });

  it('SVC-16: /metrics shows dependency_requests_total, circuit_breaker_state and pool gauges; promtool check metrics is clean', async () => {
    // Pool gauges are refreshed every 5 s and at startup, when the first health check has opened a connection.
    const text = await (await get('/metrics')).text();
    for (const dependency of ['orders-db', 'cache']) {
      expect(text).toMatch(new RegExp(`^dependency_requests_total\\{dependency="${dependency}",outcome="success"\\} \\d+`, 'm'));
      expect(text).toMatch(new RegExp(`^circuit_breaker_state\\{dependency="${dependency}"\\} 0$`, 'm'));
      expect(text).toMatch(new RegExp(`^dependency_retries_total\\{dependency="${dependency}"\\} 0$`, 'm'));
    }
    const pool = (state: string) => Number(text.match(new RegExp(`^db_pool_connections\\{dependency="orders-db",state="${state}"\\} (\\d+)`, 'm'))?.[1]);
    for (const state of ['idle', 'used', 'waiting']) expect(Number.isInteger(pool(state)), state).toBe(true);
    expect(pool('idle') + pool('used')).toBeGreaterThanOrEqual(1);
    expect(await promtoolAvailable(), 'promtool is required (apt-get install prometheus)').toBe(true);
    const res = await execa('promtool', ['check', 'metrics'], { input: text, reject: false, all: true });
    expect(res.all, 'promtool check metrics').toBe('');
  });

  for (const [dependency, proxyOf] of [
    ['orders-db', () => pg],
    ['cache', () => redis],
  ] as const) {
    it(`SVC-16: ${dependency} outage: /health/ready 503 within one check interval, /health/live 200, the API answers, recovery without restart`, async () => {
      const pid = svc.proc.pid;
      expect(await readyStatus()).toBe(200);
      await proxyOf().cut();
      const notReadyMs = await until(`/health/ready 503 after cutting ${dependency}`, async () => (await readyStatus()) === 503, period());
      expect((await get('/health/live')).status).toBe(200);
      const down = await check(dependency);
      expect(down).toMatchObject({ status: 'down', critical: true });
      expect(typeof down!.latencyMs).toBe('number');
      const other = dependency === 'orders-db' ? 'cache' : 'orders-db';
      expect(await check(other)).toMatchObject({ status: 'up' });
      // The service keeps serving what does not need the dependency (the rate limiter lets calls through without Redis).
      for (let i = 0; i < 3; i++) expect((await get('/v1/items', bearer(`e2e-resilience-${runId}`))).status).toBe(200);

      await proxyOf().open();
      const recoveryMs = await until(`/health/ready 200 after reopening ${dependency}`, async () => (await readyStatus()) === 200, 30_000, 100);
      expect(await check(dependency)).toMatchObject({ status: 'up' });
      expect(svc.proc.pid).toBe(pid);
      expect(svc.proc.exitCode).toBeNull();
      console.info(`[resilience e2e] ${dependency}: not ready ${notReadyMs} ms after the cut (probe period ${period()} ms); ready again ${recoveryMs} ms after it came back, no restart`);
    }, 60_000);
  }

  it('after the Redis outage the BullMQ queue and the rate-limit store work again (DLQ stats 200 from Redis)', async () => {
    const res = await get(`/admin/queues/emails/dlq/stats`, bearer(`e2e-resilience-admin-${runId}`, ['admin']));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ depth: 0 });
    const limited = await get('/v1/items', bearer(`e2e-resilience-${runId}`));
    expect(limited.status).toBe(200);
    expect(limited.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/^circuit_breaker_state\{dependency="orders-db"\} 0$/m);
    const res2 = await execa('promtool', ['check', 'metrics'], { input: text, reject: false, all: true });
    expect(res2.all, 'promtool check metrics').toBe('');
  });
});

describe('late and silent dependencies of the running service', () => {
  const cleanupPrefixes: string[] = [];
  afterAll(async () => {
    const load = createRequire(path.join(dist, 'main.js'));
    const Redis = load('ioredis') as new (url: string) => { keys(p: string): Promise<string[]>; del(...k: string[]): Promise<number>; quit(): Promise<unknown> };
    const client = new Redis(env.CACHE_URL);
    for (const prefix of cleanupPrefixes) {
      const keys = await client.keys(`${prefix}:*`);
      if (keys.length > 0) await client.del(...keys);
    }
    await client.quit();
  });

  it('started while Postgres and Redis are down, it becomes ready when they come up, without a restart', async () => {
    const pg = await tcpProxy(new URL(env.ORDERS_DB_URL), { late: true });
    const redis = await tcpProxy(new URL(env.CACHE_URL), { late: true });
    const prefix = `${QUEUE_PREFIX}-late`;
    cleanupPrefixes.push(prefix);
    const svc = await spawnService({ ORDERS_DB_URL: pg.url, CACHE_URL: redis.url, QUEUE_PREFIX: prefix });
    try {
      expect((await svc.get('/health/ready')).status).toBe(503);
      expect((await svc.get('/health/live')).status).toBe(200);
      const pid = svc.proc.pid;
      await pg.open();
      await redis.open();
      const readyMs = await until('/health/ready 200 after Postgres and Redis came up', async () => (await svc.get('/health/ready')).status === 200, 30_000, 100);
      expect(svc.proc.pid).toBe(pid);
      expect(svc.proc.exitCode).toBeNull();
      console.info(`[resilience e2e] started with Postgres and Redis down: ready ${readyMs} ms after both came up, no restart`);
    } finally {
      await svc.stop();
      await pg.cut();
      await redis.cut();
    }
  }, 90_000);

  for (const [dependency, variable] of [
    ['orders-db', 'ORDERS_DB_URL'],
    ['cache', 'CACHE_URL'],
  ] as const) {
    it(`${dependency} silent (accepts, never answers) under load: routes that do not need it keep answering, readiness says 503 within one probe period, /metrics answers, SIGTERM exits 0 within the grace period`, async () => {
      const proxy = await tcpProxy(new URL(env[variable]));
      const prefix = `${QUEUE_PREFIX}-silent-${dependency}`;
      cleanupPrefixes.push(prefix);
      const svc = await spawnService({ [variable]: proxy.url, QUEUE_PREFIX: prefix });
      try {
        await until('ready before the fault', async () => (await svc.get('/health/ready')).status === 200, 30_000, 100);
        proxy.silence();
        const silencedAt = performance.now();
        let flippedMs: number | undefined;
        let firstDown: string | undefined;
        const slowest: Record<string, { ms: number; statuses: Set<number> }> = {};
        // A caller per request: the per-principal rate limit (300 a minute) is not what this measures.
        let caller = 0;
        const auth = () => bearer(`e2e-silent-${runId}-${caller++}`);
        // A bounded loop of concurrent callers (loopback, this machine): each route hit by 4 callers for 8 s.
        const routes = ['/health/live', '/v1/items', '/metrics', '/health/ready'];
        await Promise.all(
          routes.flatMap((route) =>
            Array.from({ length: 4 }, async () => {
              while (performance.now() - silencedAt < 8_000) {
                const r = await svc.get(route, route === '/v1/items' ? auth() : {});
                const entry = (slowest[route] ??= { ms: 0, statuses: new Set() });
                entry.ms = Math.max(entry.ms, r.ms);
                entry.statuses.add(r.status);
                if (route === '/health/ready' && r.status === 503 && flippedMs === undefined) {
                  flippedMs = performance.now() - silencedAt;
                  firstDown = r.body;
                }
              }
            }),
          ),
        );
        const summary = Object.entries(slowest).map(([route, e]) => `${route} slowest ${Math.round(e.ms)} ms (${[...e.statuses].join('/')})`);
        console.info(`[resilience e2e] ${dependency} silent under load: readiness 503 after ${Math.round(flippedMs ?? -1)} ms; ${summary.join('; ')}`);
        expect(flippedMs, 'readiness flipped to 503').toBeDefined();
        // "Within one probe period" without a clock a busy runner can miss: the first 503 names this dependency (its
        // health check failed, not the breaker after many calls), and a check fails by its own deadline, which plus
        // the time a result is reused (HEALTH_CACHE_MS of the service) fits in the probe period. The time it took is logged above.
        expect(JSON.parse(firstDown!)).toEqual({ status: 'down', failing: [dependency] });
        const declared = serviceConfig().dependencies.find((d) => d.name === dependency)!;
        expect(dependencyDeadlines(declared).healthTimeoutMs + healthCacheMs()).toBeLessThanOrEqual(readinessPeriodMs());
        // Nothing hangs: every answer came (no status 0) well within the client's 30 s.
        for (const [route, e] of Object.entries(slowest)) expect(e.statuses.has(0), `${route} got no answer`).toBe(false);
        expect([...slowest['/health/live'].statuses]).toEqual([200]);
        expect([...slowest['/metrics'].statuses]).toEqual([200]);
        // The items live in memory and the rate limiter fails open when Redis is silent: the API keeps serving.
        expect([...slowest['/v1/items'].statuses]).toEqual([200]);

        const sent = performance.now();
        svc.proc.kill('SIGTERM');
        const { code, at } = await svc.exit;
        console.info(`[resilience e2e] SIGTERM with ${dependency} silent: exit ${code} after ${Math.round(at - sent)} ms (grace ${gracePeriodMs()} ms)`);
        // Exit 0 is the proof, not a clock a busy runner can miss: past SHUTDOWN_TIMEOUT_MS, which is below the
        // grace period, the service forces its exit with 1.
        expect(shutdownTimeoutMs()).toBeLessThan(gracePeriodMs());
        expect(code, svc.output.join('').slice(-2_000)).toBe(0);
      } finally {
        await svc.stop();
        await proxy.cut();
      }
    }, 120_000);
  }
});

describe('postgres migrations: nx run shop:migrate on a database of its own', () => {
  const database = `shop_e2e_${runId}`;
  const admin = new URL(env.ORDERS_DB_URL);
  const url = new URL(env.ORDERS_DB_URL);
  url.pathname = `/${database}`;
  type Client = { connect(): Promise<void>; query(sql: string): Promise<{ rows: Record<string, unknown>[] }>; end(): Promise<void> };
  const client = (target: URL): Client => {
    const { Client: PgClient } = createRequire(path.join(dist, 'main.js'))('pg') as { Client: new (o: { connectionString: string }) => Client };
    return new PgClient({ connectionString: target.href });
  };
  const sql = async (target: URL, text: string) => {
    const c = client(target);
    await c.connect();
    try {
      return (await c.query(text)).rows;
    } finally {
      await c.end();
    }
  };
  const migrate = (...args: string[]) => run('npx', ['nx', 'run', `${E2E_SERVICE}:migrate`, '--outputStyle=static', ...args], { cwd: ws, env: { ORDERS_DB_URL: url.href } });

  beforeAll(async () => {
    await sql(admin, `CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    await sql(admin, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('applies the scaffolded first migration, is a no-op the second time, and rolls back with --args=down', async () => {
    const first = await migrate();
    expect(first.all).toMatch(/1735689600000_create-items/);
    const columns = await sql(url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'items' ORDER BY column_name`);
    expect(columns.map((r) => r.column_name)).toEqual(['created_at', 'description', 'id', 'name', 'owner_id']);
    expect((await sql(url, 'SELECT name FROM orders_db_migrations')).map((r) => r.name)).toEqual(['1735689600000_create-items']);

    expect((await migrate()).all).toMatch(/No migrations to run/);

    await migrate('--args=down');
    expect(await sql(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'items'`)).toHaveLength(0);
    expect(await sql(url, 'SELECT name FROM orders_db_migrations')).toHaveLength(0);
  }, 120_000);
});
