// Benchmarks of ready, each measured side by side with its baseline in the same run (the machine is shared and
// noisy, so every figure is a median and every comparison is a ratio of things measured alternately):
//   gen     `nx g ready:service` vs `nx g @nx/node:app --framework=fastify`, same workspace, no install  (≤ 1.2)
//   short   authenticated GET /v1/items on the generated service vs a bare Fastify hello, Fastify assembled by
//           hand from the official plugins, and Express 5 with the equivalent middleware; the service's
//           /health/ready vs the bare hello; cold start and idle RSS. 20 connections, --short-s each, --rounds rounds
//   long    the same four at 200 connections, --long-s each (default 60), --long-rounds rounds; errors, timeouts
//           and p99 reported; RSS of the service right before and right after its run
//   metrics /metrics scrape time of a second service with 10 dependencies and 5 queues; promtool check metrics
//   create  create-ready-service end to end vs create-nx-workspace + @nx/node + @nx/node:app, both with install
// Peers and what each does per request: tools/bench/peers.mjs; the report: tools/bench/report.mjs.
// Usage: npm run bench [-- --only short,long --long-s 20 --runs 3 --rounds 3 --long-rounds 2 --scrapes 200 --create-runs 2]
//   --only takes gen, short, long, http (short + long), metrics, create. Only a full run (no --only) rewrites
//   docs/benchmarks.md (its sections after the first "## " heading are kept); --write makes a subset write it too.
// READY_BENCH_KEEP=1 keeps temporary directories; READY_BENCH_WS=<dir> reuses a workspace made by an earlier run;
// READY_BENCH_JSON=<file> saves the results, which --from-json <file> renders again without measuring.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBench } from './create.mjs';
import { generatorBench } from './generators.mjs';
import { longLoad, shortLoad, writePeers } from './http.mjs';
import { killAll, log, root, sh } from './lib.mjs';
import { metricsBench, prepareMetricsService } from './metrics.mjs';
import { report } from './report.mjs';
import { prepareWorkspace } from './workspace.mjs';

const argv = process.argv.slice(2);
const ALL = ['gen', 'short', 'long', 'metrics', 'create'];
function flag(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} expects a positive number, got ${argv[i + 1]}`);
  return v;
}
const onlyAt = argv.indexOf('--only');
const only = onlyAt === -1 ? ALL : argv[onlyAt + 1].split(',').flatMap((s) => (s === 'http' ? ['short', 'long'] : [s]));
for (const o of only) if (!ALL.includes(o)) throw new Error(`--only: unknown benchmark "${o}" (one of ${[...ALL, 'http'].join(', ')})`);
const settings = {
  runs: flag('runs', 5),
  rounds: flag('rounds', 3),
  shortS: flag('short-s', 5),
  longS: flag('long-s', 60),
  longRounds: flag('long-rounds', 2),
  scrapes: flag('scrapes', 200),
  createRuns: flag('create-runs', 2),
};
const full = onlyAt === -1;
const write = full || argv.includes('--write');

const results = { settings, only, full, node: process.version, cpus: os.cpus().length, date: new Date().toISOString().slice(0, 10), loadStart: os.loadavg()[0] };
// --from-json <file>: render the report of a run saved with READY_BENCH_JSON=<file> again (after a change to
// report.mjs), measuring nothing; it writes docs/benchmarks.md only if that run was a full one, or with --write.
const fromJson = argv.indexOf('--from-json');
if (fromJson !== -1) {
  const saved = JSON.parse(readFileSync(argv[fromJson + 1], 'utf-8'));
  publish(saved, saved.full || argv.includes('--write'));
  process.exit(0);
}

let parent;
const cleanup = () => {
  killAll();
  if (parent && !process.env.READY_BENCH_KEEP) rmSync(parent, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
try {
  const needsWs = only.some((o) => o !== 'create');
  let ws;
  let rebuild = full;
  if (needsWs) {
    let changed;
    ({ ws, parent, rebuild: changed } = prepareWorkspace({ needNxNode: only.includes('gen') }));
    rebuild ||= changed;
    results.ws = ws;
  }
  if (only.includes('gen')) results.gen = generatorBench(ws, settings.runs);
  if (only.includes('short') || only.includes('long') || only.includes('metrics')) {
    if (!existsSync(path.join(ws, 'dist/apps/shop/main.js')) || rebuild) sh('npx', ['nx', 'build', 'shop', '--outputStyle=static'], ws);
    writePeers(ws);
  }
  if (only.includes('short')) results.short = await shortLoad(ws, { rounds: settings.rounds, durationS: settings.shortS });
  if (only.includes('long')) results.long = await longLoad(ws, { rounds: settings.longRounds, durationS: settings.longS });
  if (only.includes('metrics')) {
    prepareMetricsService(ws, { fresh: full });
    results.metrics = await metricsBench(ws, { scrapes: settings.scrapes });
  }
  if (only.includes('create')) results.create = createBench({ runs: settings.createRuns });
  if (ws) results.versions = versionsOf(ws);
  results.loadEnd = os.loadavg()[0];
  if (process.env.READY_BENCH_JSON) writeFileSync(process.env.READY_BENCH_JSON, JSON.stringify(results, null, 2));
  publish(results, write);
} finally {
  cleanup();
}

/** Print the report; write it into docs/benchmarks.md for a full run (or --write), keeping the other sections. */
function publish(res, toDocs) {
  const md = report(res);
  if (toDocs) {
    // Other benchmarks (tools/bench/docs.mjs) keep their own sections below this one.
    const file = path.join(root, 'docs/benchmarks.md');
    const previous = existsSync(file) ? readFileSync(file, 'utf-8') : '';
    const others = previous.indexOf('\n## ');
    writeFileSync(file, others === -1 ? md : `${md}\n${previous.slice(others + 1)}`);
    log('wrote docs/benchmarks.md');
  } else {
    log('a subset: docs/benchmarks.md left as it is (add --write to replace its benchmark section)');
  }
  console.log(md);
}

function versionsOf(ws) {
  const names = ['fastify', '@fastify/jwt', '@fastify/rate-limit', '@fastify/helmet', '@fastify/cors', 'pino', 'prom-client', 'express', 'helmet', 'cors', 'express-rate-limit', 'jsonwebtoken', 'pino-http', 'jose', '@fastify/under-pressure', 'nx', '@nx/node'];
  return Object.fromEntries(
    names.map((p) => {
      try {
        return [p, JSON.parse(readFileSync(path.join(ws, 'node_modules', p, 'package.json'), 'utf-8')).version];
      } catch {
        return [p, 'not installed'];
      }
    }),
  );
}
