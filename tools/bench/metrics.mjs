// /metrics scrape time of a service with 10 dependencies and 5 queues, generated into the benchmark workspace.
// The dependencies are 9 http ones and the redis one the queues' schema requires, all non-critical and pointed at
// closed 127.0.0.1 ports; the queues run on the in-process memory backend (QUEUE_BACKEND=memory, refused in
// production, hence NODE_ENV=development), so no real server is needed. Scrapes are sequential, after warm-up and
// after traffic on every route kind (200, 401, 404, probes) so the HTTP histogram has series.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REQUEST_HEADERS, benchServiceConfig, assertAnswers200, freePort, log, median, percentile, sh, startAndWait } from './lib.mjs';

export const METRICS_SERVICE = 'catalog';
const HTTP_DEPS = Array.from({ length: 9 }, (_, i) => `upstream-${i + 1}`);
const QUEUES = Array.from({ length: 5 }, (_, i) => `jobs-${i + 1}`);

export const METRICS_CONFIG = `${benchServiceConfig(METRICS_SERVICE)}dependencies:
  - { name: cache, kind: redis, critical: false }
${HTTP_DEPS.map((n) => `  - { name: ${n}, kind: http, critical: false }`).join('\n')}
queues:
${QUEUES.map((n) => `  - { name: ${n} }`).join('\n')}
`;

const envName = (dep) => `${dep.toUpperCase().replace(/-/g, '_')}_URL`;

/** Generate (with install) and build the service, unless the workspace already has this exact one built. */
export function prepareMetricsService(ws, { fresh }) {
  const app = path.join(ws, 'apps', METRICS_SERVICE);
  const main = path.join(ws, 'dist/apps', METRICS_SERVICE, 'main.js');
  const same = existsSync(path.join(app, 'ready.yaml')) && readFileSync(path.join(app, 'ready.yaml'), 'utf-8') === METRICS_CONFIG;
  if (!fresh && same && existsSync(main)) {
    log(`reusing ${METRICS_SERVICE} (same ready.yaml, already built)`);
    return { generatedMs: null };
  }
  sh('rm', ['-rf', `apps/${METRICS_SERVICE}`, `dist/apps/${METRICS_SERVICE}`], ws);
  const config = path.join(ws, `${METRICS_SERVICE}.ready.yaml`);
  writeFileSync(config, METRICS_CONFIG);
  log(`generating ${METRICS_SERVICE} (10 dependencies, 5 queues) with ready:service --config…`);
  sh('npx', ['nx', 'g', 'ready:service', METRICS_SERVICE, '--config', config, '--no-interactive'], ws);
  sh('rm', ['-f', config], ws);
  sh('npx', ['nx', 'build', METRICS_SERVICE, '--outputStyle=static'], ws);
  return {};
}

async function closedPort() {
  // A port that was free a moment ago and is not listened on: connections are refused at once.
  return freePort();
}

async function timeScrape(url) {
  const t = process.hrtime.bigint();
  const res = await fetch(url);
  const text = await res.text();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, text };
}

/**
 * Scrape the service's /metrics `scrapes` times after `warmup` scrapes, alternating with the hand-assembled
 * Fastify peer's /metrics (default metrics and one histogram) as a reference measured side by side.
 */
export async function metricsBench(ws, { scrapes, warmup = 20 }) {
  const extra = { NODE_ENV: 'development', QUEUE_BACKEND: 'memory', QUEUE_PREFIX: `bench-${process.pid}`, CACHE_URL: `redis://127.0.0.1:${await closedPort()}/9` };
  for (const dep of HTTP_DEPS) extra[envName(dep)] = `http://127.0.0.1:${await closedPort()}/`;
  const servers = [];
  try {
    const svc = await startAndWait(ws, [`dist/apps/${METRICS_SERVICE}/main.js`], await freePort(), '/health/ready', extra);
    servers.push(svc);
    const peer = await startAndWait(ws, ['fastify-app.js'], await freePort(), '/health/ready');
    servers.push(peer);
    const base = { service: `http://127.0.0.1:${svc.port}`, peer: `http://127.0.0.1:${peer.port}` };
    await assertAnswers200(`${base.service}/v1/items`, { items: [], nextCursor: null });

    // Traffic, bounded: 200s, 401s, 404s and probes, 10 at a time.
    for (const b of Object.values(base)) {
      const requests = [
        ...Array.from({ length: 500 }, () => [`${b}/v1/items`, REQUEST_HEADERS]),
        ...Array.from({ length: 100 }, () => [`${b}/v1/items`, {}]),
        ...Array.from({ length: 100 }, () => [`${b}/no-such-route`, REQUEST_HEADERS]),
        ...Array.from({ length: 50 }, () => [`${b}/health/ready`, {}]),
      ];
      for (let i = 0; i < requests.length; i += 10) {
        await Promise.all(requests.slice(i, i + 10).map(([u, headers]) => fetch(u, { headers }).then((r) => r.arrayBuffer())));
      }
    }

    const times = { service: [], peer: [] };
    let sample = '';
    for (let i = 0; i < warmup + scrapes; i++) {
      const order = i % 2 ? ['peer', 'service'] : ['service', 'peer'];
      for (const who of order) {
        const { ms, text } = await timeScrape(`${base[who]}/metrics`);
        if (i >= warmup) times[who].push(ms);
        if (who === 'service') sample = text;
      }
    }
    const series = sample.split('\n').filter((l) => l && !l.startsWith('#')).length;
    const families = sample.split('\n').filter((l) => l.startsWith('# TYPE')).length;
    const histogramSeries = sample.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_count')).length;
    const promtool = runPromtool(sample);
    const result = {
      scrapes,
      warmup,
      service: { median: median(times.service), p95: percentile(times.service, 95), max: Math.max(...times.service) },
      peer: { median: median(times.peer), p95: percentile(times.peer, 95) },
      bytes: Buffer.byteLength(sample),
      series,
      families,
      histogramSeries,
      promtool,
      load: os.loadavg()[0],
    };
    log('metrics', result);
    return result;
  } finally {
    for (const s of servers) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
  }
}

function runPromtool(text) {
  const which = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf-8' });
  if (which.status !== 0) return { installed: false };
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf-8', timeout: 30_000 });
  const version = (spawnSync('promtool', ['--version'], { encoding: 'utf-8' }).stdout ?? '').split('\n')[0].replace(/^promtool, /, '').replace(/\s*\(.*$/, '');
  return { installed: true, passed: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), version };
}
