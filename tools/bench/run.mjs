// Benchmarks, each measured side by side with its baseline in the same run (the machine is shared and noisy):
//   1. `nx g ready:service` vs `nx g @nx/node:app --framework=fastify`, same workspace, no install   (target ratio ≤ 1.2)
//   2. requests/s of GET /v1/items on the generated service vs a bare Fastify hello app (autocannon) (target ≥ 0.6)
//   3. cold start to ready (target < 400 ms) and idle RSS (target < 90 MB) of the generated service
// Writes docs/benchmarks.md. Usage: npm run bench [-- --runs 5]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const env = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' };
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => console.error('bench:', ...a);

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
  const proc = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port) }, stdio: 'ignore' });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      if (res.status === 200) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 5));
  }
  return { proc, readyMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf-8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const parent = mkdtempSync(path.join(os.tmpdir(), 'ready-bench-'));
const ws = path.join(parent, 'ws');
try {
  log('creating workspace with the CLI (real install)…');
  sh(process.execPath, [path.join(root, 'packages/create-ready-service/bin/create-ready-service.js'), ws, '--yes', '--name', 'shop', '--skip-git'], parent);
  sh('npm', ['install', '--no-audit', '--no-fund', '-D', '@nx/node@22.7.9', '@nx/js@22.7.9', '@nx/esbuild@22.7.9'], ws);

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

  // 2 + 3. throughput, cold start, RSS
  sh('npx', ['nx', 'build', 'shop', '--outputStyle=static'], ws);
  writeFileSync(
    path.join(ws, 'bare-hello.js'),
    "const app = require('fastify')();\napp.get('/hello', async () => ({ hello: 'world' }));\napp.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });\n",
  );
  const autocannon = createRequire(path.join(root, 'package.json'))('autocannon');
  const bench = (url) =>
    new Promise((resolve, reject) => autocannon({ url, connections: 20, duration: 5 }, (err, res) => (err ? reject(err) : resolve(res.requests.average))));

  const svcRps = [];
  const bareRps = [];
  const cold = [];
  const rss = [];
  for (let i = 0; i < 3; i++) {
    const p1 = await freePort();
    const svc = await startAndWait(ws, ['dist/apps/shop/main.js'], p1, '/health/ready');
    cold.push(svc.readyMs);
    await new Promise((r) => setTimeout(r, 1000));
    rss.push(rssMb(svc.proc.pid));
    const p2 = await freePort();
    const bare = await startAndWait(ws, ['bare-hello.js'], p2, '/hello');
    svcRps.push(await bench(`http://127.0.0.1:${p1}/v1/items`));
    bareRps.push(await bench(`http://127.0.0.1:${p2}/hello`));
    svc.proc.kill('SIGKILL');
    bare.proc.kill('SIGKILL');
  }
  log('http', { svcRps, bareRps, cold, rss });

  const genRatio = median(ready) / median(nxNode);
  const rpsRatio = median(svcRps) / median(bareRps);
  const row = (what, value, target, ok) => `| ${what} | ${value} | ${target} | ${ok ? 'met' : 'missed'} |`;
  const md = `# Benchmarks

Measured by \`npm run bench\` (tools/bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},
${os.cpus().length} CPUs. Each figure is a median, and each ratio compares two things measured side by side in the same run.

| What | Measured | Target | |
|---|---|---|---|
${row('`nx g ready:service` ÷ `nx g @nx/node:app --framework=fastify` (time, no install)', `${genRatio.toFixed(2)} (${median(ready)} ms vs ${median(nxNode)} ms; ${readyFiles} vs ${nodeFiles} files)`, '≤ 1.2', genRatio <= 1.2)}
${row('Generated service GET /v1/items ÷ bare Fastify hello (requests/s, autocannon, 20 connections, 5 s)', `${rpsRatio.toFixed(2)} (${Math.round(median(svcRps))} vs ${Math.round(median(bareRps))} req/s)`, '≥ 0.6', rpsRatio >= 0.6)}
${row('Cold start to /health/ready 200', `${Math.round(median(cold))} ms`, '< 400 ms', median(cold) < 400)}
${row('Idle RSS after ready', `${median(rss).toFixed(1)} MB`, '< 90 MB', median(rss) < 90)}

Runs: generators ${runs}× each (alternating), HTTP 3× each (alternating).
Raw: ready ${JSON.stringify(ready)} ms, @nx/node ${JSON.stringify(nxNode)} ms; service ${JSON.stringify(svcRps.map(Math.round))} req/s,
bare ${JSON.stringify(bareRps.map(Math.round))} req/s; cold start ${JSON.stringify(cold.map(Math.round))} ms; RSS ${JSON.stringify(rss.map((x) => +x.toFixed(1)))} MB.
`;
  writeFileSync(path.join(root, 'docs/benchmarks.md'), md);
  console.log(md);
} finally {
  if (!process.env.READY_BENCH_KEEP) rmSync(parent, { recursive: true, force: true });
}
