/**
 * Dependencies of the built e2e service (postgres `orders-db`, redis `cache`, which also backs the rate
 * limiter and the BullMQ queue `emails`), seen from outside over HTTP. Each dependency is reached through
 * a local TCP proxy this file owns, so an outage is a proxy cut: the shared servers are never touched.
 * Migrations run against a database this file creates and drops.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { bearer, e2eServiceEnv } from './support/service-env';
import { startService, type RunningService } from './support/service-process';
import { promtoolAvailable, run } from './support/workspace';

const ws = inject('workspace');
const dist = path.join(ws, 'dist/apps', E2E_SERVICE);
const env = e2eServiceEnv();
const runId = randomBytes(4).toString('hex');
const QUEUE_PREFIX = `e2e-resilience-${runId}`;

/** A TCP proxy in front of a real server: `cut()` drops every connection and refuses new ones, `open()` serves again on the same port. */
async function tcpProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(p));
    });
  });
  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      const closing = server;
      server = undefined;
      if (closing) closing.close(() => resolve());
      else resolve();
    });
  await open();
  const via = new URL(target.href);
  via.host = `127.0.0.1:${port}`;
  return { url: via.href, open, cut };
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
      expect(c!.latencyMs).toBeGreaterThanOrEqual(0);
      expect(c!.latencyMs).toBeLessThan(1_000);
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
