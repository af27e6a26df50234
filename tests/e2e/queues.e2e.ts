/**
 * Queues against the real Redis on 127.0.0.1:6379, through the code compiled in the shared e2e workspace
 * (queue `emails`, attempts 3, Redis from CACHE_URL), and against the real RabbitMQ on 127.0.0.1:5672
 * through a workspace of its own (the same service plus a rabbitmq dependency and queue; the shared
 * config stays as every other e2e file expects it). Each test uses its own key prefix or queue-name
 * prefix, so concurrent runs and other engineers never share jobs, and removes its keys and queues afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_CONFIG, E2E_SERVICE } from './support/global-setup';
import { bearer, e2eServiceEnv } from './support/service-env';
import { startService, type RunningService } from './support/service-process';
import { cliBin, run, tempDir } from './support/workspace';

const ws = inject('workspace');
const dist = path.join(ws, 'dist/apps', E2E_SERVICE);
const REDIS_URL = e2eServiceEnv().CACHE_URL;
const QUEUE = 'emails';
const runId = randomBytes(4).toString('hex');
const prefixOf = (test: string) => `e2e-queues-${runId}-${test}`;

interface QueueMetrics {
  observer(q: string): unknown;
  watch(b: Backend[]): void;
  /** Reads the depth and DLQ gauges from the broker (the service does it in the background). */
  refresh(): Promise<void>;
}

interface Backend {
  add(payload: unknown, options?: { jobId?: string }): Promise<string>;
  start(): Promise<void>;
  depth(): Promise<number>;
  dlqSummary(): Promise<{ depth: number; oldestAgeSeconds: number }>;
  dlqStats(): Promise<{ depth: number; oldestAgeSeconds: number; byError: { error: string; count: number }[] }>;
  dlqList(offset: number, limit: number): Promise<{ id: string; payload: { n: number }; error: string; attempts: number; enqueuedAt: string; failedAt: string }[]>;
  close(): Promise<void>;
}

/** The generated modules, loaded from the built service (their bullmq and prom-client resolve in the workspace). */
function generated() {
  const load = createRequire(path.join(dist, 'main.js'));
  const { BullmqQueue } = load('./queues/bullmq') as { BullmqQueue: new (def: unknown, options: unknown) => Backend };
  const { queueConfig } = load('./queues/config') as { queueConfig: { queues: Record<string, { attempts: number }> } };
  const { createQueueMetrics } = load('./queues/metrics') as { createQueueMetrics(registry: unknown): QueueMetrics };
  const { Registry } = load('prom-client') as { Registry: new () => { getSingleMetricAsString(name: string): Promise<string> } };
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  return { BullmqQueue, queueConfig, createQueueMetrics, Registry, quiet };
}

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Remove every key of a test prefix. */
async function dropPrefix(prefix: string): Promise<void> {
  const load = createRequire(path.join(dist, 'main.js'));
  const Redis = load('ioredis') as new (url: string) => { keys(p: string): Promise<string[]>; del(...k: string[]): Promise<number>; quit(): Promise<unknown> };
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

function metricValue(text: string, labels: string, metric?: string): number {
  const names = metric ? [metric] : ['queue_jobs_total', 'queue_dlq_depth'];
  const line = text.split('\n').find((l) => names.some((name) => l.startsWith(`${name}{${labels}}`)));
  return line ? Number(line.split(' ').pop()) : NaN;
}

/**
 * A TCP proxy on 127.0.0.1 in front of a real broker: relays both ways until silence(), then keeps every
 * connection open and answers nothing (a hung broker, a path that drops packets).
 */
async function silenceableProxy(target: URL, defaultPort: number) {
  const sockets = new Set<net.Socket>();
  let silent = false;
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined).on('close', () => sockets.delete(s));
    return s;
  };
  const server = net.createServer((client) => {
    track(client);
    if (silent) return;
    const upstream = track(net.connect({ host: target.hostname, port: Number(target.port) || defaultPort }));
    client.on('data', (chunk) => !silent && upstream.write(chunk));
    upstream.on('data', (chunk) => !silent && client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    silence: () => void (silent = true),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

beforeAll(async () => {
  await run('npx', ['nx', 'build', E2E_SERVICE, '--outputStyle=static'], { cwd: ws });
});

describe('queue accounting on BullMQ (1,000 jobs, 10% poison)', () => {
  const prefix = prefixOf('accounting');
  afterAll(() => dropPrefix(prefix));

  it('completes every good job once, dead-letters every poison job after 3 attempts, exact stats, replay drains, nothing lost', async () => {
    const { BullmqQueue, queueConfig, createQueueMetrics, Registry, quiet } = generated();
    const attempts = queueConfig.queues[QUEUE].attempts;
    expect(attempts).toBe(3);
    const def = { ...queueConfig.queues[QUEUE], concurrency: 25, backoff: { type: 'exponential', delayMs: 20 } };
    const registry = new Registry();
    const metrics = createQueueMetrics(registry);
    const completions = new Map<number, number>();
    let fixed = false;
    const processor = async (job: { payload: { n: number; poison: boolean } }) => {
      if (job.payload.poison && !fixed) throw new Error('poison: unparseable address');
      completions.set(job.payload.n, (completions.get(job.payload.n) ?? 0) + 1);
    };
    const queue = new BullmqQueue(def, { redisUrl: REDIS_URL, prefix, processor, hooks: { observe: metrics.observer(QUEUE), log: quiet } });
    metrics.watch([queue]);
    const TOTAL = 1_000;
    const poison = new Set(Array.from({ length: TOTAL }, (_, n) => n).filter((n) => n % 10 === 7));
    try {
      await queue.start();
      const enqueuedFrom = Date.now();
      for (let n = 0; n < TOTAL; n += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => queue.add({ n: n + i, poison: poison.has(n + i) })));
      }
      const started = Date.now();
      await until('every job to finish or dead-letter', async () => completions.size === TOTAL - poison.size && (await queue.dlqSummary()).depth === poison.size);
      const processedIn = Date.now() - started;

      // Every good job completed exactly once; every poison job is in the DLQ with its 3 attempts.
      expect([...completions.values()].every((c) => c === 1)).toBe(true);
      expect([...completions.keys()].some((n) => poison.has(n))).toBe(false);
      const stats = await queue.dlqStats();
      expect(stats).toMatchObject({ depth: 100, byError: [{ error: 'poison: unparseable address', count: 100 }] });
      expect(stats.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
      // No older than the run itself, however long this machine took.
      expect(stats.oldestAgeSeconds).toBeLessThanOrEqual((Date.now() - enqueuedFrom) / 1000 + 1);
      const entries = [...(await queue.dlqList(0, 100)), ...(await queue.dlqList(100, 100))];
      expect(entries).toHaveLength(100);
      expect(new Set(entries.map((e) => e.payload.n))).toEqual(poison);
      for (const e of entries) {
        expect(e).toMatchObject({ error: 'poison: unparseable address', attempts: 3 });
        expect(Date.parse(e.failedAt)).toBeGreaterThanOrEqual(Date.parse(e.enqueuedAt));
      }
      // In = out + DLQ.
      expect(completions.size + stats.depth).toBe(TOTAL);
      expect(await queue.depth()).toBe(0);
      const scrape = async (name: string) => registry.getSingleMetricAsString(name);
      const jobsTotal = await scrape('queue_jobs_total');
      expect(metricValue(jobsTotal, `queue="${QUEUE}",outcome="completed"`)).toBe(900);
      expect(metricValue(jobsTotal, `queue="${QUEUE}",outcome="retried"`)).toBe(200);
      expect(metricValue(jobsTotal, `queue="${QUEUE}",outcome="dead_lettered"`)).toBe(100);
      await metrics.refresh();
      expect(metricValue(await scrape('queue_dlq_depth'), `queue="${QUEUE}"`)).toBe(100);

      // The CLI compiled with the service reports the same stats, then replays after the "fix".
      const cliEnv = { CACHE_URL: REDIS_URL, QUEUE_PREFIX: prefix, NODE_ENV: 'production' };
      const cliStats = JSON.parse((await run(process.execPath, [path.join(dist, 'queues/cli.js'), 'stats', QUEUE], { cwd: ws, env: cliEnv })).stdout);
      expect(cliStats).toMatchObject({ queue: QUEUE, backend: 'bullmq', durable: true, depth: 100, byError: [{ error: 'poison: unparseable address', count: 100 }] });
      fixed = true;
      const replay = JSON.parse((await run(process.execPath, [path.join(dist, 'queues/cli.js'), 'replay', QUEUE], { cwd: ws, env: cliEnv })).stdout);
      expect(replay).toEqual({ replayed: 100, missing: [] });
      await until('the replayed jobs to complete', async () => completions.size === TOTAL && (await queue.depth()) === 0);
      expect(await queue.dlqSummary()).toEqual({ depth: 0, oldestAgeSeconds: 0 });
      expect([...completions.values()].every((c) => c === 1)).toBe(true);
      expect(metricValue(await scrape('queue_jobs_total'), `queue="${QUEUE}",outcome="completed"`)).toBe(TOTAL);
      console.log(`queues e2e: ${TOTAL} jobs, ${poison.size} poison -> DLQ ${stats.depth} (3 attempts each) in ${processedIn} ms; replay drained the DLQ; in ${TOTAL} = out ${completions.size} + DLQ 0`);
    } finally {
      await queue.close();
    }
  });
});

describe('a worker killed mid-job loses nothing', () => {
  const prefix = prefixOf('sigkill');
  const dir = path.join(ws, 'tmp', `queues-e2e-${runId}`);
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await dropPrefix(prefix);
  });

  it('SIGKILL during a job: after a restart the stalled job runs again and completes', async () => {
    mkdirSync(dir, { recursive: true });
    const worker = path.join(dir, 'worker.cjs');
    const journal = path.join(dir, 'journal.log');
    // A worker process of the generated BullmqQueue; short lock so the stalled check runs within a second.
    writeFileSync(
      worker,
      `const { appendFileSync } = require('node:fs');
const { BullmqQueue } = require(${JSON.stringify(path.join(dist, 'queues/bullmq.js'))});
const { queueConfig } = require(${JSON.stringify(path.join(dist, 'queues/config.js'))});
const log = { debug() {}, info() {}, warn() {}, error() {} };
const sleepMs = Number(process.env.SLEEP_MS);
const queue = new BullmqQueue(queueConfig.queues.emails, {
  redisUrl: process.env.REDIS_URL, prefix: process.env.PREFIX, lockDurationMs: 1000, stalledIntervalMs: 500,
  hooks: { observe() {}, log },
  processor: async (job) => {
    appendFileSync(${JSON.stringify(journal)}, 'started ' + process.pid + ' ' + job.id + ' attempt ' + job.attempt + '\\n');
    await new Promise((r) => setTimeout(r, sleepMs));
    appendFileSync(${JSON.stringify(journal)}, 'done ' + process.pid + ' ' + job.id + '\\n');
  },
});
queue.start().then(() => appendFileSync(${JSON.stringify(journal)}, 'ready ' + process.pid + '\\n'));
process.on('SIGTERM', () => queue.close().then(() => process.exit(0)));
`,
    );
    const journalLines = () => (existsSync(journal) ? readFileSync(journal, 'utf-8').trim().split('\n') : []);
    const spawnWorker = (sleepMs: number) => {
      const child = spawn(process.execPath, [worker], { cwd: ws, env: { PATH: process.env.PATH ?? '', REDIS_URL, PREFIX: prefix, SLEEP_MS: String(sleepMs) }, stdio: 'inherit' });
      children.push(child);
      return child;
    };
    const first = spawnWorker(60_000);
    await until('the first worker to start', () => journalLines().includes(`ready ${first.pid}`), 60_000);

    const { BullmqQueue, queueConfig, quiet } = generated();
    const producer = new BullmqQueue(queueConfig.queues[QUEUE], { redisUrl: REDIS_URL, prefix, hooks: { observe: () => undefined, log: quiet } });
    try {
      const id = await producer.add({ to: 'kill-test@example.com' }, { jobId: `kill-${runId}` });
      await until('the job to start on the first worker', () => journalLines().some((l) => l.startsWith(`started ${first.pid} ${id}`)), 60_000);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      expect(journalLines().some((l) => l.startsWith('done'))).toBe(false);

      const killedAt = Date.now();
      const second = spawnWorker(50);
      await until('the second worker to complete the job', () => journalLines().includes(`done ${second.pid} ${id}`), 60_000);
      console.log(`queues e2e: job recovered from a SIGKILLed worker in ${Date.now() - killedAt} ms`);
      // It ran again as the same attempt (a stall is not a failure) and did not land in the DLQ.
      expect(journalLines().filter((l) => l.startsWith('started'))).toEqual([`started ${first.pid} ${id} attempt 1`, `started ${second.pid} ${id} attempt 1`]);
      expect(await producer.dlqSummary()).toEqual({ depth: 0, oldestAgeSeconds: 0 });
      expect(await producer.depth()).toBe(0);
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    } finally {
      await producer.close();
    }
  });
});

describe('the running service', () => {
  const prefix = prefixOf('service');
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService(ws, path.join(dist, 'main.js'), { ...e2eServiceEnv(), QUEUE_PREFIX: prefix, SHUTDOWN_DRAIN_MS: '0' });
  });
  afterAll(async () => {
    await svc?.stop();
    await dropPrefix(prefix);
  });

  it('DLQ admin endpoints answer 401 without credentials, 403 for non-admins, 200 for the admin role', async () => {
    const base = `${svc.url}/admin/queues/${QUEUE}/dlq`;
    const calls = [
      { method: 'GET', url: `${base}/stats` },
      { method: 'GET', url: base },
      { method: 'POST', url: `${base}/replay`, body: '{}' },
      { method: 'POST', url: `${base}/purge`, body: '{}' },
    ];
    for (const call of calls) {
      const init = (headers: Record<string, string>) => ({ method: call.method, headers: { ...headers, ...(call.body ? { 'content-type': 'application/json' } : {}) }, body: call.body });
      const anonymous = await fetch(call.url, init({}));
      expect(anonymous.status, `${call.method} ${call.url}`).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await fetch(call.url, init(bearer('reader-1', ['reader'])))).status).toBe(403);
      expect((await fetch(call.url, init(bearer('admin-1', ['admin'])))).status).toBe(200);
    }
    const stats = await (await fetch(`${base}/stats`, { headers: bearer('admin-1', ['admin']) })).json();
    expect(stats).toEqual({ queue: QUEUE, backend: 'bullmq', durable: true, depth: 0, oldestAgeSeconds: 0, byError: [] });
  });

  it('consumes jobs enqueued by another process and exports queue metrics', async () => {
    const { BullmqQueue, queueConfig, quiet } = generated();
    const producer = new BullmqQueue(queueConfig.queues[QUEUE], { redisUrl: REDIS_URL, prefix, hooks: { observe: () => undefined, log: quiet } });
    try {
      await producer.add({ to: 'service-test@example.com' });
      await until('the service to complete the job', async () => {
        const text = await (await fetch(`${svc.url}/metrics`)).text();
        return metricValue(text, `queue="${QUEUE}",outcome="completed"`) === 1;
      }, 60_000);
      // The gauges are read from Redis in the background (every 10 s): wait for a read after the job finished.
      const series = [`queue_depth{queue="${QUEUE}"} 0`, `queue_dlq_depth{queue="${QUEUE}"} 0`, `queue_dlq_oldest_age_seconds{queue="${QUEUE}"} 0`, `queue_metrics_stale{queue="${QUEUE}"} 0`];
      await until('fresh queue gauges', async () => {
        const text = await (await fetch(`${svc.url}/metrics`)).text();
        return series.every((s) => text.includes(s));
      }, 45_000);
      const text = await (await fetch(`${svc.url}/metrics`)).text();
      expect(metricValue(text, `queue="${QUEUE}"`, 'queue_metrics_last_success_timestamp_seconds')).toBeGreaterThan(0);
      expect(text).toMatch(new RegExp(`queue_job_duration_seconds_count\\{queue="${QUEUE}"\\} 1`));
    } finally {
      await producer.close();
    }
  });
});

/** The shared e2e service plus a rabbitmq dependency and a queue on it. */
const RABBIT_CONFIG = E2E_CONFIG.replace('    kind: redis\n', '    kind: redis\n  - name: events-bus\n    kind: rabbitmq\n').replace(
  'queues:\n',
  'queues:\n  - name: webhooks\n    attempts: 3\n    backend: rabbitmq\n',
);
const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
const RABBIT_QUEUE = 'webhooks';

interface RabbitBackend extends Backend {
  dlqList(offset: number, limit: number): Promise<{ id: string; payload: { n: number; poison?: boolean }; error: string; attempts: number; enqueuedAt: string; failedAt: string }[]>;
  dlqReplay(ids?: string[]): Promise<{ replayed: number; missing: string[] }>;
  destroy(): Promise<void>;
}

describe('RabbitMQ queues (a workspace of their own: the e2e service with events-bus and queue webhooks)', () => {
  const parent = tempDir('ready-e2e-rabbitmq-');
  const rws = path.join(parent, `${E2E_SERVICE}-workspace`);
  const rdist = path.join(rws, 'dist/apps', E2E_SERVICE);
  const prefixes: string[] = [];
  const rabbitPrefix = (test: string) => {
    const prefix = `e2e-queues-${runId}-${test}`;
    prefixes.push(prefix);
    return prefix;
  };
  const load = () => createRequire(path.join(rdist, 'main.js'));
  const rabbitEnv = () => ({ ...e2eServiceEnv(), EVENTS_BUS_URL: AMQP_URL });

  beforeAll(async () => {
    expect(RABBIT_CONFIG).toContain('backend: rabbitmq');
    writeFileSync(path.join(parent, 'ready.yaml'), RABBIT_CONFIG);
    await run(process.execPath, [cliBin, rws, '--yes', '--config', path.join(parent, 'ready.yaml')], { cwd: parent });
    await run('npx', ['nx', 'build', E2E_SERVICE, '--outputStyle=static'], { cwd: rws });
  });
  afterAll(async () => {
    if (existsSync(path.join(rdist, 'queues/rabbitmq.js'))) {
      const { RabbitmqQueue } = load()('./queues/rabbitmq') as { RabbitmqQueue: new (def: unknown, options: unknown) => RabbitBackend };
      const { queueConfig } = load()('./queues/config') as { queueConfig: { queues: Record<string, { attempts: number; backoff: unknown }> } };
      const configured = queueConfig.queues[RABBIT_QUEUE];
      const hooks = { observe: () => undefined, log: { debug() {}, info() {}, warn() {}, error() {} } };
      for (const prefix of prefixes) {
        for (const def of [configured, { ...configured, backoff: { type: 'exponential', delayMs: 20 } }]) {
          await new RabbitmqQueue(def, { amqpUrl: AMQP_URL, prefix, hooks }).destroy().catch(() => undefined);
        }
        await dropPrefix(prefix);
      }
    }
    rmSync(parent, { recursive: true, force: true });
  });

  it('1,000 jobs, 10% poison: good jobs complete once, poison dead-lettered after 3 attempts, exact stats, CLI replay drains, nothing lost', async () => {
    const req = load();
    const { RabbitmqQueue } = req('./queues/rabbitmq') as { RabbitmqQueue: new (def: unknown, options: unknown) => RabbitBackend };
    const { queueConfig } = req('./queues/config') as { queueConfig: { queues: Record<string, { attempts: number; backend: string }> } };
    const { createQueueMetrics } = req('./queues/metrics') as { createQueueMetrics(registry: unknown): QueueMetrics };
    const { Registry } = req('prom-client') as { Registry: new () => { getSingleMetricAsString(name: string): Promise<string> } };
    expect(queueConfig.queues[RABBIT_QUEUE]).toMatchObject({ backend: 'rabbitmq', attempts: 3 });
    const prefix = rabbitPrefix('rabbit-accounting');
    const def = { ...queueConfig.queues[RABBIT_QUEUE], concurrency: 25, backoff: { type: 'exponential', delayMs: 20 } };
    const registry = new Registry();
    const metrics = createQueueMetrics(registry);
    const completions = new Map<number, number>();
    let fixed = false;
    const processor = async (job: { payload: { n: number; poison: boolean } }) => {
      if (job.payload.poison && !fixed) throw new Error('poison: webhook target rejected the payload');
      completions.set(job.payload.n, (completions.get(job.payload.n) ?? 0) + 1);
    };
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const queue = new RabbitmqQueue(def, { amqpUrl: AMQP_URL, prefix, processor, hooks: { observe: metrics.observer(RABBIT_QUEUE), log: quiet } });
    metrics.watch([queue]);
    const TOTAL = 1_000;
    const poison = new Set(Array.from({ length: TOTAL }, (_, n) => n).filter((n) => n % 10 === 3));
    try {
      await queue.start();
      const enqueuedFrom = Date.now();
      for (let n = 0; n < TOTAL; n += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => queue.add({ n: n + i, poison: poison.has(n + i) })));
      }
      const started = Date.now();
      await until('every RabbitMQ job to finish or dead-letter', async () => completions.size === TOTAL - poison.size && (await queue.dlqSummary()).depth === poison.size && (await queue.depth()) === 0);
      const processedIn = Date.now() - started;

      expect([...completions.values()].every((c) => c === 1)).toBe(true);
      expect([...completions.keys()].some((n) => poison.has(n))).toBe(false);
      const stats = await queue.dlqStats();
      expect(stats).toMatchObject({ depth: 100, byError: [{ error: 'poison: webhook target rejected the payload', count: 100 }] });
      expect(stats.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
      // No older than the run itself, however long this machine took.
      expect(stats.oldestAgeSeconds).toBeLessThanOrEqual((Date.now() - enqueuedFrom) / 1000 + 1);
      const entries = await queue.dlqList(0, 100);
      expect(entries).toHaveLength(100);
      expect(new Set(entries.map((e) => e.payload.n))).toEqual(poison);
      for (const e of entries) {
        expect(e).toMatchObject({ error: 'poison: webhook target rejected the payload', attempts: 3 });
        // Two retries waited in the retry queues: at least 20 ms + 40 ms of backoff.
        expect(Date.parse(e.failedAt) - Date.parse(e.enqueuedAt)).toBeGreaterThanOrEqual(60);
      }
      expect(completions.size + stats.depth).toBe(TOTAL);
      const scrape = async (name: string) => registry.getSingleMetricAsString(name);
      const jobsTotal = await scrape('queue_jobs_total');
      expect(metricValue(jobsTotal, `queue="${RABBIT_QUEUE}",outcome="completed"`)).toBe(900);
      expect(metricValue(jobsTotal, `queue="${RABBIT_QUEUE}",outcome="retried"`)).toBe(200);
      expect(metricValue(jobsTotal, `queue="${RABBIT_QUEUE}",outcome="dead_lettered"`)).toBe(100);
      await metrics.refresh();
      expect(metricValue(await scrape('queue_dlq_depth'), `queue="${RABBIT_QUEUE}"`)).toBe(100);

      // The CLI compiled with the service reads the same DLQ, then replays it after the "fix".
      const cliEnv = { ...rabbitEnv(), QUEUE_PREFIX: prefix, NODE_ENV: 'production' };
      const cli = path.join(rdist, 'queues/cli.js');
      const cliStats = JSON.parse((await run(process.execPath, [cli, 'stats', RABBIT_QUEUE], { cwd: rws, env: cliEnv })).stdout);
      expect(cliStats).toMatchObject({ queue: RABBIT_QUEUE, backend: 'rabbitmq', durable: true, depth: 100, byError: [{ error: 'poison: webhook target rejected the payload', count: 100 }] });
      fixed = true;
      expect(JSON.parse((await run(process.execPath, [cli, 'replay', RABBIT_QUEUE], { cwd: rws, env: cliEnv })).stdout)).toEqual({ replayed: 100, missing: [] });
      await until('the replayed RabbitMQ jobs to complete', async () => completions.size === TOTAL && (await queue.depth()) === 0);
      expect(await queue.dlqSummary()).toEqual({ depth: 0, oldestAgeSeconds: 0 });
      expect([...completions.values()].every((c) => c === 1)).toBe(true);
      expect(metricValue(await scrape('queue_jobs_total'), `queue="${RABBIT_QUEUE}",outcome="completed"`)).toBe(TOTAL);
      console.log(`queues e2e (RabbitMQ): ${TOTAL} jobs, ${poison.size} poison -> DLQ ${stats.depth} (3 attempts each) in ${processedIn} ms; replay drained the DLQ; in ${TOTAL} = out ${completions.size} + DLQ 0`);
    } finally {
      await queue.close();
    }
  });

  it('the running service consumes its RabbitMQ queue, reports it in the DLQ admin stats (admin only) and in its metrics', async () => {
    const prefix = rabbitPrefix('rabbit-service');
    const svc = await startService(rws, path.join(rdist, 'main.js'), { ...rabbitEnv(), QUEUE_PREFIX: prefix, SHUTDOWN_DRAIN_MS: '0' });
    const { RabbitmqQueue } = load()('./queues/rabbitmq') as { RabbitmqQueue: new (def: unknown, options: unknown) => RabbitBackend };
    const { queueConfig } = load()('./queues/config') as { queueConfig: { queues: Record<string, unknown> } };
    const producer = new RabbitmqQueue(queueConfig.queues[RABBIT_QUEUE], { amqpUrl: AMQP_URL, prefix, hooks: { observe: () => undefined, log: { debug() {}, info() {}, warn() {}, error() {} } } });
    try {
      const base = `${svc.url}/admin/queues/${RABBIT_QUEUE}/dlq/stats`;
      expect((await fetch(base)).status).toBe(401);
      expect((await fetch(base, { headers: bearer('reader-1', ['reader']) })).status).toBe(403);
      const stats = await fetch(base, { headers: bearer('admin-1', ['admin']) });
      expect(stats.status).toBe(200);
      expect(await stats.json()).toEqual({ queue: RABBIT_QUEUE, backend: 'rabbitmq', durable: true, depth: 0, oldestAgeSeconds: 0, byError: [] });

      await producer.add({ url: 'https://hooks.example.com/order-placed' });
      await until('the service to complete the RabbitMQ job', async () => {
        const text = await (await fetch(`${svc.url}/metrics`)).text();
        return metricValue(text, `queue="${RABBIT_QUEUE}",outcome="completed"`) === 1;
      }, 60_000);
      const series = [`queue_depth{queue="${RABBIT_QUEUE}"} 0`, `queue_dlq_depth{queue="${RABBIT_QUEUE}"} 0`, `queue_dlq_oldest_age_seconds{queue="${RABBIT_QUEUE}"} 0`, `queue_metrics_stale{queue="${RABBIT_QUEUE}"} 0`];
      await until('fresh RabbitMQ queue gauges', async () => {
        const text = await (await fetch(`${svc.url}/metrics`)).text();
        return series.every((s) => text.includes(s));
      }, 45_000);
    } finally {
      await producer.close();
      await svc.stop();
    }
  });

  it('RabbitMQ goes silent: /metrics keeps answering with the queue gauges marked stale, and SIGTERM exits 0 within the grace period', async () => {
    const prefix = rabbitPrefix('rabbit-silent');
    const proxy = await silenceableProxy(new URL(AMQP_URL), 5672);
    const svc = await startService(rws, path.join(rdist, 'main.js'), { ...rabbitEnv(), EVENTS_BUS_URL: proxy.url, QUEUE_PREFIX: prefix, SHUTDOWN_DRAIN_MS: '0' });
    try {
      await until('fresh gauges before the fault', async () => (await (await fetch(`${svc.url}/metrics`)).text()).includes(`queue_metrics_stale{queue="${RABBIT_QUEUE}"} 0`), 45_000);
      proxy.silence();
      let slowestMs = 0;
      // Every scrape must answer (the client gives up after 10 s); the RabbitMQ queue turns stale, the BullMQ one stays fresh.
      await until('the RabbitMQ queue gauges to turn stale', async () => {
        const started = performance.now();
        const text = await (await fetch(`${svc.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
        slowestMs = Math.max(slowestMs, performance.now() - started);
        return metricValue(text, `queue="${RABBIT_QUEUE}"`, 'queue_metrics_stale') === 1 && metricValue(text, `queue="${QUEUE}"`, 'queue_metrics_stale') === 0;
      }, 45_000);
      const sent = performance.now();
      svc.proc.kill('SIGTERM');
      const { code } = await svc.exit;
      const exitMs = performance.now() - sent;
      console.log(`queues e2e (RabbitMQ silent): slowest /metrics ${Math.round(slowestMs)} ms; SIGTERM exit ${code} after ${Math.round(exitMs)} ms`);
      // Exit code 0: shutdown finished before SHUTDOWN_TIMEOUT_MS, which would have forced exit code 1.
      expect(code, svc.stdout.slice(-20).join('\n')).toBe(0);
    } finally {
      await svc.stop();
      await proxy.close();
    }
  });
});
