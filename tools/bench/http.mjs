// HTTP benchmarks: the generated service against three peers, side by side, in rounds whose order rotates.
//   short: 20 connections, strict (any non-2xx, error or timeout aborts), plus the service's /health/ready;
//   long: 200 connections for --long-s seconds each, errors and timeouts reported (0/0 is itself a target),
//         RSS of every server sampled right before and right after its measured run.
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertAnswers200, freePort, load, log, rssMb, sleep, startAndWait } from './lib.mjs';
import { BARE_APP, EXPRESS_APP, FASTIFY_APP } from './peers.mjs';

const ITEMS = { items: [], nextCursor: null };
const isObject = (b) => b !== null && typeof b === 'object';

/** The servers, each started once per round; `targets` are the requests measured on it. */
const SERVERS = {
  service: { args: ['dist/apps/shop/main.js'], ready: '/health/ready', targets: { service: ['/v1/items', ITEMS], 'service-health': ['/health/ready', isObject] } },
  bare: { args: ['bare-hello.js'], ready: '/hello', targets: { bare: ['/hello', { hello: 'world' }] } },
  fastify: { args: ['fastify-app.js'], ready: '/health/ready', targets: { fastify: ['/v1/items', ITEMS] } },
  express: { args: ['express-app.js'], ready: '/health/ready', targets: { express: ['/v1/items', ITEMS] } },
};

export function writePeers(ws) {
  writeFileSync(path.join(ws, 'bare-hello.js'), BARE_APP);
  writeFileSync(path.join(ws, 'express-app.js'), EXPRESS_APP);
  writeFileSync(path.join(ws, 'fastify-app.js'), FASTIFY_APP);
}

/** Start every server (cold start and idle RSS 1 s after ready), check every target answers 200 with its body. */
async function startAll(ws, round) {
  const running = {};
  const urls = {};
  const names = Object.keys(SERVERS);
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length];
    const s = SERVERS[name];
    const port = await freePort();
    running[name] = await startAndWait(ws, s.args, port, s.ready);
  }
  await sleep(1000);
  const idle = {};
  for (const [name, r] of Object.entries(running)) {
    idle[name] = { coldMs: r.readyMs, rssMb: rssMb(r.proc.pid) };
    for (const [target, [p, body]] of Object.entries(SERVERS[name].targets)) {
      urls[target] = { url: `http://127.0.0.1:${r.port}${p}`, pid: r.proc.pid, server: name };
      await assertAnswers200(urls[target].url, body);
    }
  }
  return { running, urls, idle };
}

function stopAll(running) {
  for (const r of Object.values(running)) if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGKILL');
}

/** 20 connections: every target, `rounds` rounds of `durationS` each, order rotated every round. */
export async function shortLoad(ws, { rounds, durationS, connections = 20 }) {
  const targets = Object.values(SERVERS).flatMap((s) => Object.keys(s.targets));
  const rps = Object.fromEntries(targets.map((t) => [t, []]));
  const idle = Object.fromEntries(Object.keys(SERVERS).map((n) => [n, { coldMs: [], rssMb: [] }]));
  const loadBefore = os.loadavg()[0];
  for (let i = 0; i < rounds; i++) {
    let started = { running: {} };
    try {
      started = await startAll(ws, i);
      for (const [n, v] of Object.entries(started.idle)) {
        idle[n].coldMs.push(v.coldMs);
        idle[n].rssMb.push(v.rssMb);
      }
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(i + k) % targets.length];
        const r = await load(t, started.urls[t].url, { connections, durationS });
        rps[t].push(r.rps);
        log(`short round ${i + 1}/${rounds} ${t}: ${Math.round(r.rps)} req/s`);
      }
    } finally {
      stopAll(started.running);
    }
  }
  return { connections, durationS, rounds, rps, idle, loadBefore, loadAfter: os.loadavg()[0] };
}

/**
 * 200 connections: the four /v1/items-or-hello targets, each warmed up for `warmupS` at the same load, then its
 * RSS sampled, `durationS` measured, RSS sampled again. Errors, timeouts and non-2xx are counted, not fatal.
 */
export async function longLoad(ws, { rounds, durationS, warmupS = 5, connections = 200 }) {
  const targets = ['service', 'bare', 'fastify', 'express'];
  const runs = Object.fromEntries(targets.map((t) => [t, []]));
  const loadBefore = os.loadavg()[0];
  for (let i = 0; i < rounds; i++) {
    let started = { running: {} };
    try {
      started = await startAll(ws, i);
      for (let k = 0; k < targets.length; k++) {
        // Rotated, and reversed every other round, so each server has every position and neighbour.
        const order = i % 2 ? [...targets].reverse() : targets;
        const t = order[(Math.floor(i / 2) + k) % order.length];
        const { url, pid } = started.urls[t];
        const rssIdle = rssMb(pid);
        await load(t, url, { connections, durationS: warmupS, strict: false });
        const rssBefore = rssMb(pid);
        const r = await load(t, url, { connections, durationS, strict: false });
        const rssAfter = rssMb(pid);
        // Still answering the same 200 afterwards: a server that fell over has no figure to report.
        await assertAnswers200(url, t === 'bare' ? { hello: 'world' } : ITEMS);
        runs[t].push({ ...r, rssIdle, rssBefore, rssAfter });
        log(`long round ${i + 1}/${rounds} ${t}: ${Math.round(r.rps)} req/s, p99 ${r.p99} ms, ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx, RSS ${rssBefore.toFixed(1)} → ${rssAfter.toFixed(1)} MB`);
      }
    } finally {
      stopAll(started.running);
    }
  }
  return { connections, durationS, warmupS, rounds, runs, loadBefore, loadAfter: os.loadavg()[0] };
}
