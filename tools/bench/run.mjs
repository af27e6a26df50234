// Benchmarks, each measured side by side with its baseline in the same run (the machine is shared and noisy,
// so every figure is a median and every comparison is a ratio of two things measured alternately):
//   1. `nx g ready:service` vs `nx g @nx/node:app --framework=fastify`, same workspace, no install   (target ratio ≤ 1.2)
//   2. requests/s of an authenticated GET /v1/items on the generated service (HS256 JWT verified, RBAC,
//      rate-limited with the memory store, one JSON log line per request, metered) vs a bare Fastify
//      hello app (autocannon, 20 connections, 5 s, same request headers)                           (target ≥ 0.6)
//   3. the same request on the generated service vs an Express 5 service with the equivalent middleware a
//      user would otherwise assemble: helmet, cors (allowlist), express-rate-limit (memory, same limit),
//      jsonwebtoken (HS256, exp), pino-http JSON logs to stdout, a prom-client
//      http_request_duration_seconds histogram (method/route/status) and the same JSON body           (target ≥ 3)
//   4. cold start to /health/ready (target < 400 ms) and idle RSS (target < 90 MB) of the generated service
// The workspace is made by the real CLI from a ready.yaml whose global rate limit is huge (the limiter still
// runs on every request), the service gets a JWT_SECRET made up at run time, and every server must answer
// 200 to the exact request benchmarked: a run with any non-2xx response or socket error throws.
// HTTP rounds: 3, alternating, with the order of the three servers rotated each round.
// Writes docs/benchmarks.md. Usage: npm run bench [-- --runs 5]   (--runs = generator runs per side)
// READY_BENCH_KEEP=1 keeps the temporary workspace; READY_BENCH_WS=<dir> reuses one made by an earlier run.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const HTTP_ROUNDS = 3;
const CONNECTIONS = 20;
const DURATION_S = 5;
const CORS_ORIGINS = ['https://shop.example.com'];
const env = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' };
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => console.error('bench:', ...a);

// A credential made up for this run only, and a reader token signed with it (HS256 via node:crypto).
const JWT_SECRET = randomBytes(32).toString('base64url');
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function signHs256(claims, secret) {
  const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
const now = Math.floor(Date.now() / 1000);
const token = signHs256({ sub: 'bench-reader', roles: ['reader'], iat: now, exp: now + 3600 }, JWT_SECRET);
const REQUEST_HEADERS = { authorization: `Bearer ${token}` };

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startAndWait(cwd, args, port, readyPath) {
  const t0 = process.hrtime.bigint();
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), JWT_SECRET },
    stdio: 'ignore',
  });
  let exited = null;
  proc.on('exit', (code, signal) => (exited = signal ?? code));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`${args.join(' ')} exited (${exited}) before ${readyPath} answered 200`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${args.join(' ')}: ${readyPath} did not answer 200 within 30 s`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      if (res.status === 200) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 5));
  }
  return { proc, readyMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

/** The exact request benchmarked must answer 200 with the expected body, or the benchmark is worthless. */
async function assertAnswers200(url, expectBody) {
  const res = await fetch(url, { headers: REQUEST_HEADERS });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}, not 200: ${text.slice(0, 300)}`);
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(expectBody)) throw new Error(`${url} answered an unexpected body: ${text.slice(0, 300)}`);
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf-8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const BARE_APP = `const app = require('fastify')();
app.get('/hello', async () => ({ hello: 'world' }));
app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
`;

// What a user would otherwise assemble on Express 5 for the same per-request work as the generated service.
const EXPRESS_APP = `'use strict';
const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const { rateLimit } = require('express-rate-limit');
const jwt = require('jsonwebtoken');
const pinoHttp = require('pino-http');
const client = require('prom-client');
const { createSecretKey } = require('node:crypto');

const secret = process.env.JWT_SECRET;
if (!secret || secret.length < 32) throw new Error('JWT_SECRET (at least 32 characters) is required');
// A KeyObject made once, as the service does: given a string, jsonwebtoken 9 first tries createPublicKey on
// every call and catches the failure, which costs more than the whole verification.
const key = createSecretKey(Buffer.from(secret, 'utf-8'));
const ROLES = ['reader', 'admin'];

client.collectDefaultMetrics();
const duration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration in seconds',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
// One JSON completion line per request at info, to stdout (the benchmark sends stdout to /dev/null).
app.use(pinoHttp({ level: 'info' }));
app.use((req, res, next) => {
  const end = duration.startTimer();
  res.on('finish', () => {
    const route = req.route ? req.baseUrl + req.route.path : 'unmatched';
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  }),
);
app.use(
  cors({
    origin: ${JSON.stringify(CORS_ORIGINS)},
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
    maxAge: 600,
  }),
);

app.get('/health/ready', (req, res) => res.json({ status: 'ok' }));
app.get('/metrics', async (req, res) => res.type(client.register.contentType).send(await client.register.metrics()));

function authenticate(req, res, next) {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return res.status(401).json({ title: 'Unauthorized' });
  try {
    const payload = jwt.verify(header.slice(7), key, { algorithms: ['HS256'], clockTolerance: 30 });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return res.status(401).json({ title: 'Unauthorized' });
    req.principal = { id: payload.sub, roles: Array.isArray(payload.roles) ? payload.roles : [] };
    next();
  } catch {
    res.status(401).json({ title: 'Unauthorized' });
  }
}
const requireRole = (roles) => (req, res, next) =>
  req.principal.roles.some((r) => roles.includes(r)) ? next() : res.status(403).json({ title: 'Forbidden' });
const limiter = rateLimit({
  windowMs: 60000,
  limit: 100000000,
  standardHeaders: 'draft-7',
  legacyHeaders: false,
  keyGenerator: (req) => 'principal:' + req.principal.id,
});

const v1 = express.Router();
v1.use(authenticate, limiter);
v1.get('/items', requireRole(ROLES), (req, res) => res.json({ items: [], nextCursor: null }));
app.use('/v1', v1);

app.listen(Number(process.env.PORT), '127.0.0.1');
`;

let parent;
let ws = process.env.READY_BENCH_WS;
const reuse = Boolean(ws && existsSync(path.join(ws, 'node_modules/express')));
try {
  if (!reuse) {
    parent = mkdtempSync(path.join(os.tmpdir(), 'ready-bench-'));
    ws = path.join(parent, 'ws');
    const config = path.join(parent, 'ready.yaml');
    writeFileSync(
      config,
      `apiVersion: ready/v1
service:
  name: shop
http:
  corsOrigins: [${CORS_ORIGINS.join(', ')}]
rateLimits:
  global: { max: 100000000, windowMs: 60000 }
`,
    );
    log('creating workspace with the CLI (real install)…');
    sh(process.execPath, [path.join(root, 'packages/create-ready-service/bin/create-ready-service.js'), ws, '--yes', '--config', config, '--skip-git'], parent);
    sh('npm', ['install', '--no-audit', '--no-fund', '-D', '@nx/node@22.7.9', '@nx/js@22.7.9', '@nx/esbuild@22.7.9'], ws);
    log('installing the Express baseline…');
    sh('npm', ['install', '--no-audit', '--no-fund', 'express@5', 'helmet', 'cors', 'express-rate-limit', 'jsonwebtoken', 'pino-http'], ws);
  } else {
    log(`reusing workspace ${ws}`);
    sh('rm', ['-rf', ...Array.from({ length: 50 }, (_, i) => [`apps/bench-ready-${i}`, `apps/bench-node-${i}`]).flat()], ws);
  }
  const versions = Object.fromEntries(
    ['fastify', 'express', 'helmet', 'cors', 'express-rate-limit', 'jsonwebtoken', 'pino-http', 'prom-client'].map((p) => [
      p,
      JSON.parse(readFileSync(path.join(ws, 'node_modules', p, 'package.json'), 'utf-8')).version,
    ]),
  );
  log('versions', versions);

  // 1. generator time, alternating so drift hits both equally
  const ready = [];
  const nxNode = [];
  for (let i = 0; i < runs; i++) {
    let t = Date.now();
    sh('npx', ['nx', 'g', 'ready:service', `bench-ready-${i}`, '--no-interactive'], ws);
    ready.push(Date.now() - t);
    t = Date.now();
    sh('npx', ['nx', 'g', '@nx/node:app', `apps/bench-node-${i}`, '--framework=fastify', '--e2eTestRunner=none', '--unitTestRunner=none', '--linter=none', '--no-interactive', '--skipPackageJson'], ws);
    nxNode.push(Date.now() - t);
  }
  const countFiles = (dir) => sh('find', [dir, '-type', 'f'], ws).trim().split('\n').length;
  const readyFiles = countFiles('apps/bench-ready-0');
  const nodeFiles = countFiles('apps/bench-node-0');
  log('generators', { ready, nxNode });

  // 2-4. throughput, cold start, RSS
  sh('npx', ['nx', 'build', 'shop', '--outputStyle=static'], ws);
  writeFileSync(path.join(ws, 'bare-hello.js'), BARE_APP);
  writeFileSync(path.join(ws, 'express-app.js'), EXPRESS_APP);
  const autocannon = createRequire(path.join(root, 'package.json'))('autocannon');
  const bench = (name, url) =>
    new Promise((resolve, reject) =>
      autocannon({ url, headers: REQUEST_HEADERS, connections: CONNECTIONS, duration: DURATION_S }, (err, res) => {
        if (err) return reject(err);
        if (res.non2xx !== 0 || res.errors !== 0 || res.timeouts !== 0) {
          const codes = Object.entries(res.statusCodeStats ?? {}).map(([code, s]) => `${code}×${s.count}`).join(', ');
          return reject(new Error(`${name} ${url}: ${res.non2xx} non-2xx (${codes}), ${res.errors} errors, ${res.timeouts} timeouts: not a valid benchmark`));
        }
        resolve(res.requests.average);
      }),
    );

  const servers = {
    service: { args: ['dist/apps/shop/main.js'], ready: '/health/ready', path: '/v1/items', body: { items: [], nextCursor: null } },
    bare: { args: ['bare-hello.js'], ready: '/hello', path: '/hello', body: { hello: 'world' } },
    express: { args: ['express-app.js'], ready: '/health/ready', path: '/v1/items', body: { items: [], nextCursor: null } },
  };
  const names = Object.keys(servers);
  const rps = Object.fromEntries(names.map((n) => [n, []]));
  const cold = [];
  const rss = [];
  const expressCold = [];
  const expressRss = [];
  const loadBefore = os.loadavg()[0];
  for (let i = 0; i < HTTP_ROUNDS; i++) {
    const running = {};
    try {
      for (const name of names) {
        const port = await freePort();
        const s = servers[name];
        running[name] = { ...(await startAndWait(ws, s.args, port, s.ready)), url: `http://127.0.0.1:${port}${s.path}` };
        if (name === 'service' || name === 'express') {
          await new Promise((r) => setTimeout(r, 1000));
          (name === 'service' ? cold : expressCold).push(running[name].readyMs);
          (name === 'service' ? rss : expressRss).push(rssMb(running[name].proc.pid));
        }
        await assertAnswers200(running[name].url, s.body);
      }
      // Rotate the order each round so neither side always runs first (warmer CPU, quieter neighbours).
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        rps[name].push(await bench(name, running[name].url));
      }
    } finally {
      for (const r of Object.values(running)) r.proc.kill('SIGKILL');
    }
  }
  const loadAfter = os.loadavg()[0];
  log('http', { rps, cold, rss, expressCold, expressRss, loadBefore, loadAfter });

  const genRatio = median(ready) / median(nxNode);
  const svc = median(rps.service);
  const bare = median(rps.bare);
  const expr = median(rps.express);
  const bareRatio = svc / bare;
  const expressRatio = svc / expr;
  const round = (xs) => JSON.stringify(xs.map(Math.round));
  const row = (what, value, target, ok) => `| ${what} | ${value} | ${target} | ${ok ? 'met' : 'missed'} |`;
  const md = `# Benchmarks

Measured by \`npm run bench\` (tools/bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},
${os.cpus().length} CPUs. Each figure is a median, and each ratio compares two things measured side by side in the same run.

| What | Measured | Target | |
|---|---|---|---|
${row('`nx g ready:service` ÷ `nx g @nx/node:app --framework=fastify` (time, no install)', `${genRatio.toFixed(2)} (${median(ready)} ms vs ${median(nxNode)} ms; ${readyFiles} vs ${nodeFiles} files)`, '≤ 1.2', genRatio <= 1.2)}
${row(`Generated service, authenticated GET /v1/items ÷ bare Fastify hello (requests/s, autocannon, ${CONNECTIONS} connections, ${DURATION_S} s)`, `${bareRatio.toFixed(2)} (${Math.round(svc)} vs ${Math.round(bare)} req/s)`, '≥ 0.6', bareRatio >= 0.6)}
${row('Generated service ÷ Express 5 with the equivalent middleware, same authenticated GET /v1/items (requests/s)', `${expressRatio.toFixed(2)} (${Math.round(svc)} vs ${Math.round(expr)} req/s)`, '≥ 3', expressRatio >= 3)}
${row('Cold start to /health/ready 200', `${Math.round(median(cold))} ms`, '< 400 ms', median(cold) < 400)}
${row('Idle RSS after ready', `${median(rss).toFixed(1)} MB`, '< 90 MB', median(rss) < 90)}

What each request does. Every server gets the same request, \`authorization: Bearer <HS256 JWT>\` with \`sub\`, \`exp\` and
\`roles: ["reader"]\`, signed with a \`JWT_SECRET\` made up for the run; every server must answer 200 with the expected body
to it, and a round with any non-2xx answer, socket error or timeout aborts the benchmark.
- Generated service (\`apps/shop\`, made by \`create-ready-service --config\` with a global rate limit of 100,000,000/min so the
  limiter runs on every request without ever refusing one; CORS allowlist ${CORS_ORIGINS.join(', ')}): JWT verification,
  role check, rate limiting (memory store), helmet headers, CORS, one JSON log line per request at info to stdout
  (discarded), request metrics, \`{"items":[],"nextCursor":null}\`.
- Bare Fastify hello: \`fastify()\` with one route answering \`{"hello":"world"}\`; no logging, no plugins.
- Express 5 (${Object.entries(versions).filter(([p]) => p !== 'fastify').map(([p, v]) => `${p} ${v}`).join(', ')}): helmet with the
  service's header policy, cors with the same allowlist, jsonwebtoken (HS256, exp, 30 s tolerance), the same role check,
  express-rate-limit (memory, same limit, keyed by principal), pino-http logging one JSON line per request at info to stdout
  (discarded the same way), a prom-client \`http_request_duration_seconds\` histogram labelled method/route/status plus default
  metrics, and the same JSON body. The JWT key is a \`KeyObject\` made once, as in the service: given the secret as a string,
  jsonwebtoken 9 tries \`createPublicKey\` on every call first, which roughly halved Express throughput when tried. Fastify ${versions.fastify}.

Runs: generators ${runs}× each (alternating); HTTP ${HTTP_ROUNDS} rounds, each starting all three servers and benchmarking them one
after another in an order rotated every round. The machine is shared: 1-minute load average ${loadBefore.toFixed(1)} before the HTTP
rounds and ${loadAfter.toFixed(1)} after, on ${os.cpus().length} CPUs (autocannon runs on the same machine), so absolute req/s are low and noisy; read the ratios.
Raw: ready ${JSON.stringify(ready)} ms, @nx/node ${JSON.stringify(nxNode)} ms; service ${round(rps.service)} req/s,
bare ${round(rps.bare)} req/s, Express ${round(rps.express)} req/s; service cold start ${round(cold)} ms, RSS
${JSON.stringify(rss.map((x) => +x.toFixed(1)))} MB; Express cold start ${round(expressCold)} ms, RSS ${JSON.stringify(expressRss.map((x) => +x.toFixed(1)))} MB.
`;
  // Other benchmarks (tools/bench/docs.mjs) keep their own sections below this one.
  const file = path.join(root, 'docs/benchmarks.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf-8') : '';
  const others = previous.indexOf('\n## ');
  writeFileSync(file, others === -1 ? md : `${md}\n${previous.slice(others + 1)}`);
  console.log(md);
} finally {
  if (parent && !process.env.READY_BENCH_KEEP) rmSync(parent, { recursive: true, force: true });
}
