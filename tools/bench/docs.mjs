// Docs regeneration and drift check, each measured side by side with a no-op `nx show projects` in the same
// workspace (alternating runs, medians; the machine is shared and noisy, so read the ratios):
//   1. `nx g ready:docs --project=shop` (one service's docs)                                   target < 1.5 s
//      plus the renderer alone (createDocsFiles in process, no Nx start-up)
//   2. `nx sync:check` over workspaces of 1, 10, 25 and 50 generated services                   target < 10 s at 50, linear
// The workspace is made by the real CLI (E2E-like ready.yaml: postgres, redis, one queue, dev/staging/prod); more
// services are added in process with the plugin's own ready:service on an FsTree (same files `nx g` writes).
// Appends its figures to docs/benchmarks.md under "Docs regeneration". Usage: node tools/bench/docs.mjs [--runs 5]
// READY_BENCH_WS=<dir> reuses a workspace made by an earlier run (services svc-2.. already added are kept).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const SIZES = [1, 10, 25, 50];
const env = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const log = (...a) => console.error('bench:', ...a);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const CONFIG = (name) => `apiVersion: ready/v1
service:
  name: ${name}
  description: Benchmark service ${name}
  owner: checkout-team
  onCall: "#checkout-oncall"
  repository: https://github.com/example-org/shop
auth:
  mode: both
rateLimits:
  store: redis
dependencies:
  - name: orders-db
    kind: postgres
  - name: cache
    kind: redis
queues:
  - name: emails
deploy:
  registry: ghcr.io/example-org
  environments:
    - name: dev
    - name: staging
    - name: prod
      replicas: { min: 3, max: 10 }
`;

/** Wall time of a command in ms; `allowFail` for sync:check, whose exit code is checked separately. */
function time(cmd, args, cwd, allowFail = false) {
  const start = process.hrtime.bigint();
  try {
    execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (!allowFail) throw new Error(`${cmd} ${args.join(' ')} failed:\n${err.stdout}\n${err.stderr}`);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, ok: false };
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, ok: true };
}

/** Alternate `subject` and the no-op baseline `runs` times each; medians and their ratio. */
function sideBySide(ws, subject) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    const first = i % 2 === 0;
    if (first) a.push(subject());
    b.push(time('npx', ['nx', 'show', 'projects'], ws).ms);
    if (!first) a.push(subject());
  }
  return { subject: median(a), baseline: median(b), ratio: median(a) / median(b), rawSubject: a, rawBaseline: b };
}

function createWorkspace() {
  if (process.env.READY_BENCH_WS) return process.env.READY_BENCH_WS;
  log('building the plugin and creating the workspace with the CLI (npm install, ~2 min)');
  execFileSync(process.execPath, [path.join(root, 'tools/build.mjs')], { env, stdio: 'inherit' });
  const parent = mkdtempSync(path.join(os.tmpdir(), 'ready-bench-docs-'));
  writeFileSync(path.join(parent, 'ready.yaml'), CONFIG('shop'));
  const ws = path.join(parent, 'ws');
  execFileSync(process.execPath, [path.join(root, 'packages/create-ready-service/bin/create-ready-service.js'), ws, '--yes', '--config', path.join(parent, 'ready.yaml')], { cwd: parent, env, stdio: 'inherit' });
  return ws;
}

/** Add services svc-2..svc-<count> with the workspace's own ready:service, in one process. */
async function growTo(ws, count) {
  const req = createRequire(path.join(ws, 'package.json'));
  const { FsTree, flushChanges } = req('nx/src/generators/tree');
  const { serviceGenerator } = req(path.join(ws, 'node_modules/ready/dist/generators/service/generator.js'));
  const tree = new FsTree(ws, false);
  for (let i = 2; i <= count; i++) {
    const name = `svc-${i}`;
    if (existsSync(path.join(ws, 'apps', name))) continue;
    tree.write(`apps/${name}/ready.yaml`, CONFIG(name));
    await serviceGenerator(tree, { name, skipFormat: true });
  }
  flushChanges(ws, tree.listChanges());
}

const ws = createWorkspace();
log(`workspace ${ws}`);
const cpus = os.cpus().length;
const loadBefore = os.loadavg()[0];

// 1. One service's docs.
const docs = sideBySide(ws, () => time('npx', ['nx', 'g', 'ready:docs', '--project=shop', '--no-interactive'], ws).ms);
const req = createRequire(path.join(ws, 'package.json'));
const { FsTree } = req('nx/src/generators/tree');
// The generator function alone, in process: what the renderer costs without Nx start-up.
const { docsGenerator } = req(path.join(ws, 'node_modules/ready/dist/generators/docs/generator.js'));
const samples = [];
for (let i = 0; i < runs; i++) {
  const tree = new FsTree(ws, false);
  const start = process.hrtime.bigint();
  await docsGenerator(tree, { project: 'shop', skipFormat: true });
  samples.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const rendererMs = median(samples);
const documents = (function count(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, d) => n + (d.isDirectory() ? count(path.join(dir, d.name)) : d.name.endsWith('.md') ? 1 : 0), 0);
})(path.join(ws, 'apps/shop/docs')) + 1;

// 2. sync:check over growing workspaces (in sync each time; the check must pass).
const sync = [];
for (const size of SIZES) {
  await growTo(ws, size);
  const fix = time('npx', ['nx', 'sync'], ws);
  if (!fix.ok) throw new Error('nx sync failed');
  const r = sideBySide(ws, () => {
    const t = time('npx', ['nx', 'sync:check'], ws, true);
    if (!t.ok) throw new Error(`nx sync:check failed on an in-sync workspace of ${size} services`);
    return t.ms;
  });
  sync.push({ size, ...r });
  log(`sync:check, ${size} services: ${Math.round(r.subject)} ms (no-op nx ${Math.round(r.baseline)} ms)`);
}
const loadAfter = os.loadavg()[0];

// Linearity: least-squares slope of the time over the no-op, per service, and the worst deviation from that line.
const xs = sync.map((s) => s.size);
const ys = sync.map((s) => s.subject - s.baseline);
const mx = xs.reduce((a, b) => a + b) / xs.length;
const my = ys.reduce((a, b) => a + b) / ys.length;
const slope = xs.reduce((acc, x, i) => acc + (x - mx) * (ys[i] - my), 0) / xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
const intercept = my - slope * mx;
const worst = Math.max(...xs.map((x, i) => Math.abs(ys[i] - (intercept + slope * x))));
const at50 = sync.find((s) => s.size === 50);
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

const section = `
## Docs regeneration

Measured by \`node tools/bench/docs.mjs --runs ${runs}\` (${new Date().toISOString().slice(0, 10)}): medians of ${runs} runs, each side by side
with a no-op \`nx show projects\` in the same workspace (alternating), \`NX_DAEMON=false\`, \`CI=true\`. Services are made by
\`create-ready-service --config\` and ready:service with postgres, redis, one queue and three environments.

| What | Measured | No-op \`nx\` | Ratio | Target | |
|---|---|---|---|---|---|
| \`nx g ready:docs --project=shop\` (one service, ${documents} documents) | ${fmt(docs.subject)} | ${fmt(docs.baseline)} | ${docs.ratio.toFixed(2)} | < 1.5 s | ${docs.subject < 1500 ? 'met' : 'missed'} |
| docs generator in process (no Nx start-up) | ${rendererMs.toFixed(0)} ms | | | | |
${sync.map((s) => `| \`nx sync:check\`, ${s.size} service${s.size > 1 ? 's' : ''} | ${fmt(s.subject)} | ${fmt(s.baseline)} | ${s.ratio.toFixed(2)} | ${s.size === 50 ? `< 10 s | ${s.subject < 10_000 ? 'met' : 'missed'}` : ' | '} |`).join('\n')}

Growth: ${slope.toFixed(0)} ms per service above the no-op (least squares over ${SIZES.join(', ')} services; largest deviation from
the line ${worst.toFixed(0)} ms), i.e. linear${at50 ? `; 50 services take ${fmt(at50.subject)}` : ''}. Load average ${loadBefore.toFixed(1)} before and
${loadAfter.toFixed(1)} after, on ${cpus} CPUs.
Raw: docs [${docs.rawSubject.map(Math.round).join(',')}] ms vs no-op [${docs.rawBaseline.map(Math.round).join(',')}] ms; ${sync
  .map((s) => `sync:check ${s.size}: [${s.rawSubject.map(Math.round).join(',')}] vs [${s.rawBaseline.map(Math.round).join(',')}] ms`)
  .join('; ')}.
`;
const file = path.join(root, 'docs/benchmarks.md');
const current = readFileSync(file, 'utf-8');
const start = current.indexOf('\n## Docs regeneration\n');
writeFileSync(file, (start < 0 ? current.replace(/\n*$/, '\n') : current.slice(0, start + 1).replace(/\n*$/, '\n')) + section);
console.log(section);
