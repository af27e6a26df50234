/**
 * The generated service with the edits a team makes to its own scaffold files, for faults that only a team's code
 * can cause: a route that reads a declared dependency through its resilience client (its breaker opens when the
 * dependency fails), a report built synchronously in the request (it blocks the event loop: load shedding), and a
 * queue processor that refuses payloads it cannot deliver (poison jobs, dead-lettered after their attempts).
 *
 * It is an entry file outside the workspace that loads the built service and does what the team's `src/main.ts`,
 * `src/app.ts`, a route file and `src/queues/processors.ts` would do. Nothing in the shared workspace is written,
 * so the other e2e files see the service exactly as generated.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** Milliseconds of CPU the report route spends per request, in one synchronous stretch. */
export const REPORT_MS = 1_500;

/** The error a poison job fails with, each attempt. */
export const POISON_ERROR = 'poison: unparseable address';

/**
 * Writes the entry (CommonJS, like the build) into `dir` and returns its path. `dist` is the built service
 * (`dist/apps/<name>`); routes go under its API prefix: GET <prefix>/orders/count and GET <prefix>/reports/daily.
 */
export function writeTeamEntry(dir: string, dist: string): string {
  const file = path.join(dir, 'team-main.cjs');
  const at = (module: string) => JSON.stringify(path.join(dist, module));
  writeFileSync(
    file,
    `'use strict';
require(${at('observability/tracing')});
const { processors } = require(${at('queues/processors')});
const { buildApp } = require(${at('app')});
const { loadEnv } = require(${at('config/env')});
const { installGracefulShutdown } = require(${at('observability')});
const { securityConfig } = require(${at('security')});
const { serviceConfig } = require(${at('config/service')});

// src/queues/processors.ts: an email needs an address; anything else can never be delivered (a poison job).
const deliver = processors.emails;
processors.emails = async (job, log) => {
  const to = job.payload && job.payload.to;
  if (typeof to !== 'string' || !/^[^@\\s]+@[^@\\s]+$/.test(to)) throw new Error(${JSON.stringify(POISON_ERROR)});
  return deliver(job, log);
};

const readers = { auth: { roles: securityConfig.roles } };

// src/routes/orders.ts and src/routes/reports.ts of the team.
async function teamRoutes(app) {
  // Reads orders-db through its client, so through its timeout, retry and breaker.
  app.get('/orders/count', { config: readers }, async () => {
    const { rows } = await app.dependencies.ordersDb.query('select 1 as ok');
    return { ok: rows[0].ok === 1 };
  });
  // A report computed in the request thread: ${REPORT_MS} ms of CPU with the event loop blocked.
  app.get('/reports/daily', { config: readers }, async () => {
    const until = performance.now() + ${REPORT_MS};
    let rounds = 0;
    while (performance.now() < until) rounds++;
    return { rounds };
  });
}

// src/main.ts, with the team's routes registered as src/app.ts would.
(async () => {
  const env = loadEnv();
  const app = await buildApp(env);
  await app.register(teamRoutes, { prefix: serviceConfig.http.apiPrefix });
  installGracefulShutdown(app, { drainDelayMs: env.SHUTDOWN_DRAIN_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
  await app.listen({ host: env.HOST, port: env.PORT });
})().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + '\\n');
  process.exit(1);
});
`,
  );
  return file;
}

/**
 * One GET from a chosen loopback source address (any 127.0.0.0/8 address is local on Linux): a caller at another
 * client IP, as the service sees it without a proxy in front (request.ip is the socket's peer). Resolves to the status.
 */
export function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { localAddress, headers, agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} from ${localAddress} timed out`)));
    req.on('error', reject);
  });
}
