/**
 * One real workspace, generated once by the real CLI with a real npm install, then checked from outside:
 * build, the service's own tests, HTTP probes, metrics through promtool, logs, problem+json errors,
 * graceful shutdown, generator idempotency, and add-observability on a plain Nx Fastify app.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { jsonLines, startService, type RunningService } from './support/service-process';
import { bearer, e2eServiceEnv } from './support/service-env';
import { cliBin, promtoolAvailable, run } from './support/workspace';

const name = E2E_SERVICE;
const ws = inject('workspace');
const parent = path.dirname(ws);
let service: RunningService;

afterAll(async () => {
  await service?.stop();
});

describe('create-ready-service', () => {
  it('creates a git repository with one commit and the config as source of truth', async () => {
    const log = await run('git', ['log', '--oneline'], { cwd: ws });
    expect(log.stdout.trim().split('\n')).toHaveLength(1);
    const config = readFileSync(path.join(ws, 'apps/shop/ready.yaml'), 'utf-8');
    expect(config).toMatch(/apiVersion: ready\/v1/);
    expect(config).toMatch(/owner: checkout-team/);
    const pkg = JSON.parse(readFileSync(path.join(ws, 'package.json'), 'utf-8'));
    expect(pkg.devDependencies.ready).toMatch(/^file:.*\.tgz$/);
    expect(pkg.devDependencies.nx).toMatch(/^22\.7\./);
  });

  it('refuses a non-empty directory and writes nothing', async () => {
    const res = await execa(process.execPath, [cliBin, ws, '--yes'], { cwd: parent, reject: false, env: { CI: 'true' } });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/not empty/);
    const status = await run('git', ['status', '--porcelain'], { cwd: ws });
    expect(status.stdout).toBe('');
  });
});

describe('generated service: build and own tests', () => {
  it('builds, typechecks, lints and passes its own vitest suite', async () => {
    await run('npx', ['nx', 'run-many', '-t', 'build', 'typecheck', 'lint', 'test', '-p', name, '--outputStyle=static'], { cwd: ws });
    expect(existsSync(path.join(ws, 'dist/apps/shop/main.js'))).toBe(true);
  });

  it('re-running the generator changes nothing, and --dry-run writes nothing', async () => {
    await run('npx', ['nx', 'g', 'ready:service', name, '--no-interactive'], { cwd: ws });
    await run('npx', ['nx', 'g', 'ready:add-observability', name, '--no-interactive'], { cwd: ws });
    expect((await run('git', ['status', '--porcelain', '--', 'apps', 'package.json'], { cwd: ws })).stdout).toBe('');
    await run('npx', ['nx', 'g', 'ready:service', 'other', '--dry-run', '--no-interactive'], { cwd: ws });
    expect(existsSync(path.join(ws, 'apps/other'))).toBe(false);
  });

  it('rejects an invalid ready.yaml naming the field, and writes nothing', async () => {
    const file = path.join(ws, 'apps/shop/ready.yaml');
    const original = readFileSync(file, 'utf-8');
    const doc = parseDocument(original);
    doc.setIn(['http', 'port'], 0);
    writeFileSync(file, doc.toString());
    try {
      const res = await execa('npx', ['nx', 'g', 'ready:service', name, '--no-interactive'], { cwd: ws, reject: false, all: true, env: { CI: 'true', NX_DAEMON: 'false' } });
      expect(res.exitCode).not.toBe(0);
      expect(res.all).toMatch(/http\.port: expected an integer ≥ 1, got 0/);
    } finally {
      writeFileSync(file, original);
    }
    expect((await run('git', ['status', '--porcelain'], { cwd: ws })).stdout).toBe('');
  });
});

describe('generated service: running, probed from outside', () => {
  beforeAll(async () => {
    service = await startService(ws, 'dist/apps/shop/main.js', { ...e2eServiceEnv(), SHUTDOWN_DRAIN_MS: '1500', SHUTDOWN_TIMEOUT_MS: '10000' });
  });

  it('answers liveness and readiness', async () => {
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    const detail = (await (await fetch(`${service.url}/health`)).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ status: 'ok' });
    expect(detail).toHaveProperty('uptimeSeconds');
  });

  it('echoes a sent request id and generates one otherwise', async () => {
    const sent = await fetch(`${service.url}/v1/items`, { headers: { ...bearer('e2e-user'), 'x-request-id': 'e2e-echo-1' } });
    expect(sent.headers.get('x-request-id')).toBe('e2e-echo-1');
    const generated = await fetch(`${service.url}/v1/items`, { headers: bearer('e2e-user') });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives problem+json for 404, malformed JSON and oversize bodies', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/no/such/route', {}, 404],
      ['/v1/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }, 400],
      ['/v1/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) }, 413],
      ['/v1/items/does-not-exist', {}, 404],
    ];
    for (const [route, init, status] of cases) {
      const res = await fetch(`${service.url}${route}`, { ...init, headers: { ...bearer('e2e-user'), ...(init.headers as object), 'x-request-id': `e2e-problem-${status}` } });
      expect(res.status, route).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status, instance: `e2e-problem-${status}` });
      expect(typeof body.type).toBe('string');
      expect(typeof body.title).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/ at .*\.js:\d+/);
    }
  });

  it('gives problem+json for the errors Fastify and Node answer before any route: 400 bad URL, 414, 431, parser errors, an invalid CORS preflight', async () => {
    const expectProblem = async (res: Response, status: number) => {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status, instance: res.headers.get('x-request-id') });
      for (const field of ['type', 'title', 'detail']) expect(typeof body[field], field).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/ at .*\.js:\d+/);
    };
    await expectProblem(await fetch(`${service.url}/v1/items/%zz`, { headers: bearer('e2e-user') }), 400);
    await expectProblem(await fetch(`${service.url}/v1/items/${'a'.repeat(500)}`, { headers: bearer('e2e-user') }), 414);
    // A preflight without Access-Control-Request-Method from an allowed origin of the e2e ready.yaml.
    await expectProblem(await fetch(`${service.url}/v1/items`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } }), 400);

    const raw = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(service.port, '127.0.0.1', () => socket.end(bytes));
        let data = '';
        socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf-8')));
        socket.on('error', reject);
        socket.on('close', () => resolve(data));
      });
    for (const [bytes, status] of [
      [`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`, 431],
      ['HELLO\r\n\r\n', 400],
    ] as const) {
      const answer = await raw(bytes);
      expect(answer.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status });
    }
  });

  it('exposes route-template metrics that pass promtool, with no raw ids', async () => {
    await fetch(`${service.url}/v1/items/123456`, { headers: bearer('e2e-user') });
    await fetch(`${service.url}/junk/abc-987`);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/v1\/items\/:id"/);
    expect(text).toMatch(/http_requests_in_flight/);
    expect(text).toMatch(/process_cpu_seconds_total/);
    expect(text).not.toMatch(/route="[^"]*(123456|junk|abc-987)/);
    if (await promtoolAvailable()) {
      const res = await execa('promtool', ['check', 'metrics'], { input: text, reject: false, all: true });
      expect(res.all, 'promtool check metrics').toBe('');
      expect(res.exitCode).toBe(0);
    } else if (process.env.CI) {
      throw new Error('promtool is required in CI (apt-get install prometheus)');
    }
  });

  it('logs JSON only, with the request id on every line of a request, and never the credential', async () => {
    await fetch(`${service.url}/v1/items`, { headers: { 'x-request-id': 'e2e-log-1', authorization: 'Bearer CANARY-e2e-secret-token' } });
    await fetch(`${service.url}/v1/items`, {
      method: 'POST',
      headers: { ...bearer('e2e-user'), 'content-type': 'application/json', 'x-request-id': 'e2e-log-2', cookie: 'session=CANARY-cookie' },
      body: JSON.stringify({ name: 'widget' }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const lines = jsonLines(service.stdout);
    expect(service.stdout.join('\n')).not.toMatch(/CANARY/);
    for (const id of ['e2e-log-1', 'e2e-log-2']) {
      const mine = lines.filter((l) => JSON.stringify(l).includes(id));
      expect(mine.length, id).toBeGreaterThanOrEqual(1);
      for (const line of mine) expect(line.reqId, JSON.stringify(line)).toBe(id);
      const completion = mine.filter((l) => l.msg === 'request completed');
      expect(completion, id).toHaveLength(1);
      expect(completion[0]).toMatchObject({ method: expect.any(String), route: '/v1/items', statusCode: expect.any(Number) });
      expect(typeof completion[0].durationMs).toBe('number');
    }
    // Service code deep below the route logs with the request id too (request context).
    const deep = lines.filter((l) => l.reqId === 'e2e-log-2' && l.msg !== 'request completed');
    expect(deep.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      expect(line).toHaveProperty('level');
      expect(line).toHaveProperty('time');
    }
  });

  it('passes its generated load test (authenticated, many principals) within the SLO', async () => {
    const res = await execa(process.execPath, ['apps/shop/scripts/load-test.mjs', '--url', service.url, '--duration', '2', '--connections', '4'], {
      cwd: ws,
      reject: false,
      all: true,
      env: { JWT_SECRET: e2eServiceEnv().JWT_SECRET },
    });
    expect(res.exitCode, res.all).toBe(0);
    const summary = JSON.parse(res.stdout.slice(res.stdout.indexOf('{'), res.stdout.lastIndexOf('}') + 1)) as Record<string, number>;
    expect(summary.requests).toBeGreaterThan(0);
    expect(summary.non2xx).toBe(0);
  });

  it('drains on SIGTERM: readiness 503, in-flight request completes, exit 0', async () => {
    // A slow client: headers and half the body now, the rest after SIGTERM.
    const body = JSON.stringify({ name: 'during-shutdown' });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        `${service.url}/v1/items`,
        { method: 'POST', headers: { ...bearer('e2e-user'), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'e2e-inflight' } },
        (res) => {
          let data = '';
          res.on('data', (c) => (data += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 5));
      setTimeout(() => req.end(body.slice(5)), 900);
    });
    await new Promise((r) => setTimeout(r, 150));
    service.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const ready = await fetch(`${service.url}/health/ready`, { headers: { connection: 'close' } });
    expect(ready.status).toBe(503);
    const live = await fetch(`${service.url}/health/live`, { headers: { connection: 'close' } });
    expect(live.status).toBe(200);
    const result = await inFlight;
    expect(result.status).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({ name: 'during-shutdown' });
    const exit = await service.exit;
    expect(exit).toEqual({ code: 0, signal: null });
  });
});

describe('generated service: SIGTERM while clients keep sending', () => {
  it('answers every request it accepted, resets no connection, and exits 0', async () => {
    const loadService = await startService(ws, 'dist/apps/shop/main.js', { ...e2eServiceEnv(), SHUTDOWN_DRAIN_MS: '1500', SHUTDOWN_TIMEOUT_MS: '10000' });
    const counts: Record<string, number> = {};
    const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
    const unexpected: string[] = [];
    let sigterm = Number.POSITIVE_INFINITY;
    const agent = new http.Agent({ keepAlive: true });
    const once = () =>
      new Promise<string>((resolve) => {
        http
          .get(`${loadService.url}/health/live`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(String(res.statusCode)));
          })
          .on('error', (err: NodeJS.ErrnoException) => {
            if (err.code !== 'ECONNREFUSED') unexpected.push(`${err.code ?? err.message} ${Math.round(performance.now() - sigterm)} ms after SIGTERM`);
            resolve(err.code ?? err.message);
          });
      });
    // Each client sends until the port is closed (three refusals in a row).
    const client = async () => {
      for (let refused = 0; refused < 3; ) {
        const outcome = await once();
        bump(outcome);
        refused = outcome === 'ECONNREFUSED' ? refused + 1 : 0;
        if (outcome === 'ECONNREFUSED') await new Promise((r) => setTimeout(r, 50));
      }
    };
    const clients = Promise.all(Array.from({ length: 16 }, client));
    await new Promise((r) => setTimeout(r, 500));
    sigterm = performance.now();
    loadService.proc.kill('SIGTERM');
    await clients;
    agent.destroy();
    const exit = await loadService.exit;
    console.log(`SIGTERM under load: ${JSON.stringify(counts)}, exit ${JSON.stringify(exit)}`);
    expect(counts['200']).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});

describe('ready:add-observability on a plain Nx Fastify app', () => {
  let api: RunningService | undefined;
  afterAll(async () => api?.stop());

  it('edits the bootstrap, builds, and serves the same probes and metrics', async () => {
    await run('npm', ['install', '--no-audit', '--no-fund', '-D', '@nx/node@22.7.9', '@nx/js@22.7.9', '@nx/esbuild@22.7.9'], { cwd: ws });
    await run('npx', ['nx', 'g', '@nx/node:app', 'apps/api', '--framework=fastify', '--e2eTestRunner=none', '--unitTestRunner=none', '--linter=none', '--no-interactive'], { cwd: ws });
    await run('npx', ['nx', 'g', 'ready:add-observability', 'api', '--no-interactive'], { cwd: ws });
    const main = readFileSync(path.join(ws, 'apps/api/src/main.ts'), 'utf-8');
    expect(main.split('\n')[0]).toMatch(/import '\.\/observability\/tracing'/);
    expect(main).toMatch(/observabilityServerOptions\(\)/);
    expect(main).toMatch(/installGracefulShutdown\(server\)/);

    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: ws });
    await run('npx', ['nx', 'build', 'api', '--outputStyle=static'], { cwd: ws });

    // Idempotent on the real app too.
    await run('git', ['add', '-A'], { cwd: ws });
    await run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '-qm', 'Add api with observability'], { cwd: ws });
    await run('npx', ['nx', 'g', 'ready:add-observability', 'api', '--no-interactive'], { cwd: ws });
    expect((await run('git', ['status', '--porcelain'], { cwd: ws })).stdout).toBe('');

    api = await startService(ws, 'dist/apps/api/main.js');
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    const hello = await fetch(`${api.url}/`, { headers: { 'x-request-id': 'e2e-api-1' } });
    expect(hello.status).toBe(200);
    expect(hello.headers.get('x-request-id')).toBe('e2e-api-1');
    const missing = await fetch(`${api.url}/nope/42`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/"/);
    expect(metrics).not.toMatch(/route="[^"]*nope/);
    if (await promtoolAvailable()) {
      const res = await execa('promtool', ['check', 'metrics'], { input: metrics, reject: false, all: true });
      expect(res.exitCode, res.all).toBe(0);
    }
    // The Nx template prints its own `[ ready ] http://…` banner with console.log; every line ready writes is JSON.
    const ours = jsonLines(api.stdout.filter((l) => l.startsWith('{')));
    expect(ours.some((l) => l.reqId === 'e2e-api-1')).toBe(true);
    for (const line of ours) expect(line).toHaveProperty('level');
    api.proc.kill('SIGTERM');
    expect(await api.exit).toEqual({ code: 0, signal: null });
  });

  it('ready:add-security makes every route of the plain app require credentials, idempotently', async () => {
    // In production a JWT service refuses to accept any issuer and audience: name those of the e2e tokens.
    const configFile = path.join(ws, 'apps/api/ready.yaml');
    const config = parseDocument(readFileSync(configFile, 'utf-8'));
    config.setIn(['auth', 'jwt', 'issuer'], 'https://auth.example.com/');
    config.setIn(['auth', 'jwt', 'audience'], 'shop-api');
    writeFileSync(configFile, config.toString());
    await run('npx', ['nx', 'g', 'ready:add-security', 'api', '--no-interactive'], { cwd: ws });
    const main = readFileSync(path.join(ws, 'apps/api/src/main.ts'), 'utf-8');
    expect(main.indexOf('server.register(security)')).toBeGreaterThan(main.indexOf('server.register(observability'));
    expect(main).toMatch(/\.\.\.securityServerOptions\(\)/);
    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: ws });
    await run('npx', ['nx', 'build', 'api', '--outputStyle=static'], { cwd: ws });
    await run('git', ['add', '-A'], { cwd: ws });
    await run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '-qm', 'Add security to api'], { cwd: ws });
    await run('npx', ['nx', 'g', 'ready:add-security', 'api', '--no-interactive'], { cwd: ws });
    expect((await run('git', ['status', '--porcelain'], { cwd: ws })).stdout).toBe('');

    const { JWT_SECRET } = e2eServiceEnv();
    api = await startService(ws, 'dist/apps/api/main.js', { JWT_SECRET });
    const anonymous = await fetch(`${api.url}/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${api.url}/`, { headers: bearer('e2e-user') })).status).toBe(200);
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
    api.proc.kill('SIGTERM');
    expect(await api.exit).toEqual({ code: 0, signal: null });
  });
});
