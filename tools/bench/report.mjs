// The benchmark section of docs/benchmarks.md, from one run's results (no figure in it is written by hand).
import { CORS_ORIGINS, autocannonVersion, median, sum } from './lib.mjs';
import { PEER_PACKAGES } from './peers.mjs';

const r0 = (x) => Math.round(x);
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);
const list = (xs, fmt = r0) => `[${xs.map(fmt).join(', ')}]`;
const row = (what, measured, target, ok) => `| ${what} | ${measured} | ${target} | ${ok === undefined ? '' : ok ? 'met' : 'missed'} |`;

export function report(res) {
  const rows = [];
  const raw = [];
  const runs = [];
  const v = res.versions ?? {};
  const ver = (names) => names.map((p) => `${p} ${v[p] ?? '?'}`).join(', ');

  if (res.gen) {
    const g = res.gen;
    const ratio = median(g.ready) / median(g.nxNode);
    rows.push(row('`nx g ready:service` ÷ `nx g @nx/node:app --framework=fastify` (time, no install)', `${f2(ratio)} (${r0(median(g.ready))} ms vs ${r0(median(g.nxNode))} ms; ${g.readyFiles} vs ${g.nodeFiles} files)`, '≤ 1.2', ratio <= 1.2));
    runs.push(`generators ${g.runs}× each, alternating which goes first`);
    raw.push(`generators: ready ${list(g.ready)} ms, @nx/node ${list(g.nxNode)} ms`);
  }

  if (res.short) {
    const s = res.short;
    const m = Object.fromEntries(Object.entries(s.rps).map(([k, xs]) => [k, median(xs)]));
    const at = `${s.connections} connections, ${s.durationS} s`;
    const ratio = (a, b) => m[a] / m[b];
    rows.push(row(`Service, authenticated GET /v1/items ÷ bare Fastify hello (requests/s, ${at})`, `${f2(ratio('service', 'bare'))} (${r0(m.service)} vs ${r0(m.bare)} req/s)`, '≥ 0.6', ratio('service', 'bare') >= 0.6));
    rows.push(row(`Service ÷ Fastify assembled by hand from the official plugins, same request (${at})`, `${f2(ratio('service', 'fastify'))} (${r0(m.service)} vs ${r0(m.fastify)} req/s)`, '≥ 1.0', ratio('service', 'fastify') >= 1));
    rows.push(row(`Service ÷ Express 5 with the equivalent middleware, same request (${at})`, `${f2(ratio('service', 'express'))} (${r0(m.service)} vs ${r0(m.express)} req/s)`, '≥ 3', ratio('service', 'express') >= 3));
    rows.push(row(`Service /health/ready ÷ bare Fastify hello (requests/s, ${at})`, `${f2(ratio('service-health', 'bare'))} (${r0(m['service-health'])} vs ${r0(m.bare)} req/s)`, '≥ 0.85', ratio('service-health', 'bare') >= 0.85));
    const cold = median(s.idle.service.coldMs);
    const rss = median(s.idle.service.rssMb);
    rows.push(row('Service cold start: spawn to first /health/ready 200', `${r0(cold)} ms`, '< 400 ms', cold < 400));
    rows.push(row('Service idle RSS, at least 1 s after ready', `${f1(rss)} MB`, '< 90 MB', rss < 90));
    runs.push(
      `${s.connections} connections: ${s.rounds} round${s.rounds > 1 ? 's' : ''}, each starting all four servers and measuring the five requests one after another (${s.durationS} s each) in an order rotated every round; 1-minute load average ${f1(s.loadBefore)} before, ${f1(s.loadAfter)} after`,
    );
    raw.push(
      `${s.connections} connections, req/s: ${Object.entries(s.rps).map(([k, xs]) => `${k} ${list(xs)}`).join('; ')}`,
      `cold start ms / idle RSS MB: ${Object.entries(s.idle).map(([k, x]) => `${k} ${list(x.coldMs)} / ${list(x.rssMb, f1)}`).join('; ')}`,
    );
  }

  if (res.long) {
    const l = res.long;
    const at = `${l.connections} connections, ${l.durationS} s`;
    const okRps = (k) => median(l.runs[k].map((x) => x.okRps));
    const p99 = (k) => median(l.runs[k].map((x) => x.p99));
    const bad = (k) => ({ errors: sum(l.runs[k].map((x) => x.errors)), timeouts: sum(l.runs[k].map((x) => x.timeouts)), non2xx: sum(l.runs[k].map((x) => x.non2xx)) });
    const ratio = (a, b) => okRps(a) / okRps(b);
    const svcBad = bad('service');
    rows.push(row(`Service ÷ bare Fastify hello (2xx requests/s, ${at})`, `${f2(ratio('service', 'bare'))} (${r0(okRps('service'))} vs ${r0(okRps('bare'))} req/s)`, '≥ 0.6', ratio('service', 'bare') >= 0.6));
    rows.push(
      row(
        `Service errors / timeouts / non-2xx at ${l.connections} connections (all rounds)`,
        `${svcBad.errors} / ${svcBad.timeouts} / ${svcBad.non2xx} of ${sum(l.runs.service.map((x) => x.total))}`,
        '0 / 0 / 0',
        svcBad.errors === 0 && svcBad.timeouts === 0 && svcBad.non2xx === 0,
      ),
    );
    rows.push(row(`Service ÷ Fastify assembled by hand (${at})`, `${f2(ratio('service', 'fastify'))} (${r0(okRps('service'))} vs ${r0(okRps('fastify'))} req/s)`, '≥ 1.0', ratio('service', 'fastify') >= 1));
    rows.push(row(`Service ÷ Express 5 with the equivalent middleware (${at})`, `${f2(ratio('service', 'express'))} (${r0(okRps('service'))} vs ${r0(okRps('express'))} req/s)`, '≥ 3', ratio('service', 'express') >= 3));
    rows.push(
      row(
        `p99 latency at ${l.connections} connections (2xx answers)`,
        `service ${r0(p99('service'))} ms, bare ${r0(p99('bare'))} ms, hand-assembled Fastify ${r0(p99('fastify'))} ms, Express ${r0(p99('express'))} ms`,
        'reported',
      ),
    );
    const peerBad = ['bare', 'fastify', 'express'].map((k) => [k, bad(k)]).filter(([, b]) => b.errors + b.timeouts + b.non2xx > 0);
    if (peerBad.length) rows.push(row(`Peers' errors / timeouts / non-2xx at ${l.connections} connections`, peerBad.map(([k, b]) => `${k} ${b.errors} / ${b.timeouts} / ${b.non2xx}`).join('; '), 'reported'));
    const growth = median(l.runs.service.map((x) => (x.rssAfter - x.rssBefore) / x.rssBefore));
    const svcRuns = l.runs.service;
    rows.push(
      row(
        `Service RSS growth over the ${l.durationS} s at ${l.connections} connections (sampled right before and right after)`,
        `${(growth * 100).toFixed(1)} % (${f1(median(svcRuns.map((x) => x.rssBefore)))} → ${f1(median(svcRuns.map((x) => x.rssAfter)))} MB; same measure on the peers: ${['bare', 'fastify', 'express']
          .map((k) => `${{ bare: 'bare', fastify: 'hand-assembled Fastify', express: 'Express' }[k]} ${(median(l.runs[k].map((x) => (x.rssAfter - x.rssBefore) / x.rssBefore)) * 100).toFixed(1)} %`)
          .join(', ')})`,
        '< 10 %',
        growth < 0.1,
      ),
    );
    runs.push(
      `${l.connections} connections: ${l.rounds} round${l.rounds > 1 ? 's' : ''}, each starting all four servers and loading them one after another (order rotated, and reversed every other round), each ${l.warmupS} s of warm-up at the same load and then ${l.durationS} s measured; errors and timeouts are counted, not fatal, and every server must still answer the same 200 afterwards; ratios use 2xx answers per second; 1-minute load average ${f1(l.loadBefore)} before, ${f1(l.loadAfter)} after`,
    );
    raw.push(
      `${l.connections} connections, per server and round (2xx req/s, p50/p99 ms, errors/timeouts/non-2xx, RSS MB idle → before → after): ${Object.entries(l.runs)
        .map(([k, xs]) => `${k} ${xs.map((x) => `${r0(x.okRps)} req/s, ${x.p50}/${x.p99} ms, ${x.errors}/${x.timeouts}/${x.non2xx}, ${f1(x.rssIdle)} → ${f1(x.rssBefore)} → ${f1(x.rssAfter)}`).join(' | ')}`)
        .join('; ')}`,
    );
  }

  if (res.metrics) {
    const m = res.metrics;
    rows.push(
      row(
        `GET /metrics of a service with 10 dependencies and 5 queues (${m.scrapes} sequential scrapes after ${m.warmup} warm-up, ${m.series} series, ${Math.round(m.bytes / 1024)} KiB)`,
        `median ${f1(m.service.median)} ms, p95 ${f1(m.service.p95)} ms (hand-assembled Fastify peer, alternating: median ${f1(m.peer.median)} ms, p95 ${f1(m.peer.p95)} ms)`,
        '< 20 ms',
        m.service.median < 20 && m.service.p95 < 20,
      ),
    );
    const p = m.promtool;
    rows.push(row('`promtool check metrics` on one scrape of that service', p.installed ? `${p.passed ? 'passed' : 'failed'} (promtool ${p.version})${p.output ? `: ${p.output.replace(/\n/g, '; ').replace(/\|/g, '\\|').slice(0, 300)}` : ''}` : 'promtool not installed', 'passes', p.installed ? p.passed : undefined));
    runs.push(`/metrics: 1-minute load average ${f1(m.load)} after the scrapes`);
  }

  if (res.create) {
    const c = res.create;
    const ratio = median(c.ready) / median(c.nx);
    rows.push(
      row(
        '`create-ready-service` end to end ÷ `create-nx-workspace --preset=apps` + `npm i -D @nx/node` + `nx g @nx/node:app --framework=fastify` (time, both with install)',
        `${f2(ratio)} (${f1(median(c.ready) / 1000)} s vs ${f1(median(c.nx) / 1000)} s)`,
        '≤ 1.0',
        ratio <= 1,
      ),
    );
    runs.push(`create: ${c.ready.length}× each in fresh temporary directories, alternating which goes first, same npm cache`);
    raw.push(
      `create: create-ready-service ${list(c.ready.map((x) => x / 1000), f1)} s; nx ${list(c.nx.map((x) => x / 1000), f1)} s (workspace + @nx/node install + generate: ${c.nxParts
        .map((p) => `${f1(p.workspace / 1000)} + ${f1(p.install / 1000)} + ${f1(p.generate / 1000)}`)
        .join(', ')} s)`,
    );
  }

  const st = res.settings;
  const header = `# Benchmarks

Measured by \`npm run bench\` (tools/bench/run.mjs${res.full ? '' : ` --only ${res.only.join(',')}`}) on ${res.date}, Node ${res.node}, ${res.cpus} CPUs, autocannon ${autocannonVersion}.
Each figure is a median, and each ratio compares things measured side by side in the same run. Settings: ${[
    res.gen && `--runs ${st.runs}`,
    res.short && `--rounds ${st.rounds} --short-s ${st.shortS}`,
    res.long && `--long-rounds ${st.longRounds} --long-s ${st.longS}`,
    res.metrics && `--scrapes ${st.scrapes}`,
    res.create && `--create-runs ${st.createRuns}`,
  ]
    .filter(Boolean)
    .join(' ')}.

| What | Measured | Target | |
|---|---|---|---|
${rows.join('\n')}
`;

  const http = res.short || res.long;
  const servers = http
    ? `
What each server does per request. Every server gets the same request, \`authorization: Bearer <HS256 JWT>\` with \`iss\`, \`aud\`, \`sub\`, \`exp\` and
\`roles: ["reader"]\`, signed with a \`JWT_SECRET\` made up for the run, and must answer 200 with the expected body to it before it
is measured. At 20 connections any non-2xx answer, socket error or timeout aborts the benchmark; at 200 they are counted and reported.
All four are started with \`NODE_ENV=production\` and stdout to /dev/null, on 127.0.0.1.
- Generated service (\`apps/shop\`, made by \`create-ready-service --config\` with a global rate limit of 100,000,000/min so the
  limiter runs on every request without ever refusing one, the JWT issuer and audience that production requires, and the CORS
  allowlist ${CORS_ORIGINS.join(', ')}): load shedding
  (@fastify/under-pressure ${v['@fastify/under-pressure'] ?? '?'}), request id, helmet headers (computed once, replayed), CORS, JWT verification
  (jose ${v.jose ?? '?'}, verified tokens cached until they expire, at most a minute), role check, rate limiting (@fastify/rate-limit, memory
  store, keyed by principal), one JSON log line per request at info, request metrics (histogram and in-flight gauge), response
  schema, \`{"items":[],"nextCursor":null}\`. /health/ready runs its readiness checks (load shedding; no dependencies).
- Bare Fastify hello: \`fastify()\` with one route answering \`{"hello":"world"}\`; no logging, no plugins.
- Fastify assembled by hand (${ver(PEER_PACKAGES.fastify)}): @fastify/helmet with the service's header
  policy (CSP default-src/frame-ancestors/base-uri/form-action 'none', HSTS one year with subdomains, no referrer), @fastify/cors
  with the same allowlist and options, @fastify/jwt (HS256 only, the same issuer and audience, \`sub\` and \`exp\` required, 30 s
  tolerance, no verification cache, its default) in an onRequest hook, @fastify/rate-limit (memory, same limit, keyed by principal, draft headers), the same
  role check (\`reader|admin\`) in a preHandler, Fastify's pino logger at info with the default request lines turned off and one
  completion line per request in onResponse, a prom-client \`http_request_duration_seconds\` histogram labelled
  method/route/status (route = \`routeOptions.url\`) plus default metrics, GET /health/ready, GET /metrics, and a response schema
  for \`{"items":[],"nextCursor":null}\`. No load shedding, no request ids, no in-flight gauge.
- Express 5 (${ver(PEER_PACKAGES.express)}): helmet with the
  service's header policy, cors with the same allowlist, jsonwebtoken (HS256, the same issuer and audience, exp, 30 s tolerance), the same role check,
  express-rate-limit (memory, same limit, keyed by principal), pino-http logging one JSON line per request at info, a prom-client
  \`http_request_duration_seconds\` histogram labelled method/route/status plus default metrics, and the same JSON body. The JWT
  key is a \`KeyObject\` made once, as in the service: given the secret as a string, jsonwebtoken 9 tries \`createPublicKey\` on
  every call first, which roughly halved Express throughput when tried.
`
    : '';

  const metrics = res.metrics
    ? `
/metrics: a second service (\`apps/catalog\`) generated into the same workspace by \`nx g ready:service catalog --config\` from a
ready.yaml with 10 dependencies (9 \`http\` and the \`redis\` one BullMQ queues require, all non-critical, every URL a closed
127.0.0.1 port, so their health metrics report them down) and 5 queues run on the in-process memory backend
(\`QUEUE_BACKEND=memory\`, which production refuses, hence \`NODE_ENV=development\`). Before scraping, 750 requests per server
(authenticated 200s, 401s, 404s, probes); then ${res.metrics.warmup} warm-up and ${res.metrics.scrapes} timed scrapes, one at a time,
alternating with the same scrape of the hand-assembled Fastify peer; the time is the client's, request to last byte
(${res.metrics.families} metric families, ${res.metrics.histogramSeries} \`http_request_duration_seconds\` series).
`
    : '';

  const create = res.create
    ? `
End to end: \`create-ready-service api --yes --skip-git --package-manager npm\` (workspace, service, install) against
\`npx create-nx-workspace@22.7.9 api --preset=apps --nxCloud=skip --no-interactive --packageManager=npm --skipGit\`, then
\`npm i -D @nx/node@22.7.9\` and \`nx g @nx/node:app apps/api --framework=fastify --no-interactive\`, each in a fresh temporary
directory; create-nx-workspace is fetched into the npx cache once before timing.
`
    : '';

  return `${header}${servers}${metrics}${create}
Runs: ${runs.join('; ')}${res.loadStart !== undefined ? `; 1-minute load average ${f1(res.loadStart)} when the run started, ${f1(res.loadEnd)} when it ended` : ''}. The machine is shared (autocannon runs on it too), so absolute figures are low and noisy;
read the ratios. Versions: ${Object.entries(v).map(([p, x]) => `${p} ${x}`).join(', ')}.

Raw: ${raw.join('; ')}.
`;
}
