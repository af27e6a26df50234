/**
 * Security of the generated service, probed from outside over HTTP: every forgery and abuse gets the
 * exact status and a problem+json body, rate limits hold across two replicas through the real Redis,
 * a rate-limit Redis that stops answering under load never stalls a route, fuzzed input never causes
 * a 5xx, and credentials never reach the logs.
 */
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { bearer, E2E_API_KEY, e2eServiceEnv, e2eToken, RUN_ID } from './support/service-env';
import { jsonLines, startService, type RunningService } from './support/service-process';
import { run } from './support/workspace';

const ws = inject('workspace');
let a: RunningService;
let b: RunningService;

/**
 * POST a body larger than the limit. The service may answer 413 and close before the body is all sent, which
 * fetch reports as a write error (EPIPE); a client reads the answer anyway, and so does this.
 */
function postOversize(url: string, headers: Record<string, string>, body: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: res.headers as Record<string, string> })));
      res.on('error', reject);
    });
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (err) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(err)), 2_000);
    });
    req.end(body);
  });
}

async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, instance: res.headers.get('x-request-id') });
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(text).not.toMatch(/ at .*\.js:\d+/);
  return body;
}

beforeAll(async () => {
  await run('npx', ['nx', 'build', E2E_SERVICE, '--outputStyle=static'], { cwd: ws });
  [a, b] = await Promise.all([startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, e2eServiceEnv()), startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, e2eServiceEnv())]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe('authentication and authorization, over HTTP', () => {
  const items = () => `${a.url}/v1/items`;
  const now = () => Math.floor(Date.now() / 1000);

  it('rejects every forged or unusable credential with 401 problem+json', async () => {
    const cases: [string, Record<string, string>][] = [
      ['missing token', {}],
      ['malformed token', { authorization: 'Bearer not-a-jwt' }],
      ['wrong scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['expired token', { authorization: `Bearer ${e2eToken('mallory', ['reader'], { exp: now() - 3600 })}` }],
      ['not-yet-valid token', { authorization: `Bearer ${e2eToken('mallory', ['reader'], { nbf: now() + 3600 })}` }],
      ['wrong issuer', { authorization: `Bearer ${e2eToken('mallory', ['reader'], { iss: 'https://evil.example.net/' })}` }],
      ['wrong audience', { authorization: `Bearer ${e2eToken('mallory', ['reader'], { aud: 'other-api' })}` }],
      ['bad signature', { authorization: `Bearer ${e2eToken('mallory', ['admin'], {}, 'a-secret-the-service-does-not-have-000')}` }],
      ['alg: none', { authorization: `Bearer ${e2eToken('mallory', ['admin'], {}, '', { alg: 'none', typ: 'JWT' })}` }],
      ['wrong API key', { 'x-api-key': 'guessed-api-key-123456' }],
    ];
    for (const [name, headers] of cases) {
      const res = await fetch(items(), { headers: { ...headers, 'x-request-id': `e2e-401-${name.replace(/\W+/g, '-')}` } });
      await expectProblem(res, 401);
      expect(res.headers.get('www-authenticate'), name).toMatch(/realm="shop"/);
    }
  });

  it('accepts a valid token and a valid API key', async () => {
    expect((await fetch(items(), { headers: bearer(`alice-${RUN_ID}`) })).status).toBe(200);
    expect((await fetch(items(), { headers: { 'x-api-key': E2E_API_KEY } })).status).toBe(200);
  });

  it('403 for a missing role, distinct from 401; 404 for another user’s object', async () => {
    await expectProblem(await fetch(items(), { headers: bearer(`norole-${RUN_ID}`, []) }), 403);
    const created = await fetch(items(), {
      method: 'POST',
      headers: { ...bearer(`alice-${RUN_ID}`), 'content-type': 'application/json' },
      body: JSON.stringify({ name: `private-${RUN_ID}` }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await expectProblem(await fetch(`${items()}/${id}`, { headers: bearer(`bob-${RUN_ID}`) }), 404);
    await expectProblem(await fetch(`${items()}/${id}`, { method: 'DELETE', headers: bearer(`alice-${RUN_ID}`) }), 403);
    expect((await fetch(`${items()}/${id}`, { headers: bearer(`alice-${RUN_ID}`) })).status).toBe(200);
  });

  it('413, 415 and 400 for oversize, wrongly typed and malformed bodies', async () => {
    const post = (headers: Record<string, string>, body: string) => fetch(items(), { method: 'POST', headers: { ...bearer(`alice-${RUN_ID}`), ...headers }, body });
    await expectProblem(await postOversize(items(), { 'content-type': 'application/json', ...bearer(`alice-${RUN_ID}`) }, JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) })), 413);
    await expectProblem(await post({ 'content-type': 'text/xml' }, '<item/>'), 415);
    await expectProblem(await post({ 'content-type': 'application/json' }, '{"name":'), 400);
  });

  it('answers CORS preflights only for the configured origin, and sends security headers', async () => {
    const preflight = (origin: string) => fetch(items(), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight('https://evil.example.net')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const res = await fetch(items(), { headers: bearer(`alice-${RUN_ID}`) });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('rate limits shared by two replicas through Redis', () => {
  it('counts one principal across both instances and answers 429 with Retry-After', async () => {
    // DELETE is admin-only, so it has the sensitive limit of the e2e ready.yaml: 5 per minute per principal.
    const admin = bearer(`root-${RUN_ID}`, ['admin']);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const target = i % 2 === 0 ? a : b;
      const res = await fetch(`${target.url}/v1/items/missing-${i}`, { method: 'DELETE', headers: admin });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.text();
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    await expectProblem(limited!, 429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.headers.get('ratelimit-limit')).toBe('5');
    // Another principal still has its whole budget.
    expect((await fetch(`${b.url}/v1/items/missing`, { method: 'DELETE', headers: bearer(`root2-${RUN_ID}`, ['admin']) })).status).toBe(404);
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toMatch(/rate_limited_total\{route="\/v1\/items\/:id"\} 1/);
  });
});

/** A TCP proxy on 127.0.0.1 to the real Redis that can turn silent: it then drops every byte and closes nothing. */
async function silenceableRedis(): Promise<{ port: number; silence(): void; close(): void }> {
  let silent = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect(6379, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => void (silent || upstream.write(chunk)));
    upstream.on('data', (chunk: Buffer) => void (silent || client.write(chunk)));
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    silence: () => void (silent = true),
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('a rate-limit Redis that stops answering, under load', () => {
  it('answers every request of a rate-limited route within the store deadline plus a margin, fails open and counts it', async () => {
    const proxy = await silenceableRedis();
    // The store uses the redis dependency's URL (rateLimits.store: redis), so the cache dependency goes silent with it.
    const c = await startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, { ...e2eServiceEnv(), CACHE_URL: `redis://127.0.0.1:${proxy.port}` });
    try {
      const callers = Array.from({ length: 32 }, (_, i) => bearer(`load-${RUN_ID}-${i}`));
      const slowest = { before: 0, silent: 0 };
      const statuses = new Map<number, number>();
      let phase: keyof typeof slowest = 'before';
      let stop = false;
      // 16 concurrent callers, each its own principal, on GET /v1/items (rate-limited by the global limit).
      const workers = Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          const started = performance.now();
          const res = await fetch(`${c.url}/v1/items`, { headers: callers[(w + i) % callers.length], signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          slowest[phase] = Math.max(slowest[phase], performance.now() - started);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      proxy.silence();
      phase = 'silent';
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      stop = true;
      await Promise.all(workers);

      const metrics = await (await fetch(`${c.url}/metrics`)).text();
      const failOpen = Object.fromEntries([...metrics.matchAll(/^rate_limit_store_fail_open_total\{reason="(\w+)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
      const warnings = jsonLines(c.stdout).filter((l) => String(l.msg).startsWith('rate-limit store'));
      console.log(
        `black-holed rate-limit store under load: statuses ${JSON.stringify(Object.fromEntries(statuses))}, slowest answer ${Math.round(slowest.before)} ms before, ${Math.round(slowest.silent)} ms while silent; fail-open ${JSON.stringify(failOpen)}; ${warnings.length} log lines`,
      );
      // Every request was answered (a fetch past 10 s would have thrown), only with 200 or 429.
      expect([...statuses.keys()].every((status) => status === 200 || status === 429), JSON.stringify([...statuses])).toBe(true);
      // The requests in flight when Redis went silent waited for its 500 ms deadline, no longer (the margin is for a busy machine).
      expect(slowest.silent).toBeLessThan(5_000);
      expect(failOpen.timeout).toBeGreaterThan(0);
      expect(failOpen.timeout).toBeLessThanOrEqual(16);
      // The others did not wait at all: the silent connection was dropped, and no new one became ready.
      expect(failOpen.unavailable).toBeGreaterThan(failOpen.timeout);
      // Logged, not once per request.
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.length).toBeLessThan(5);
      const health = (await (await fetch(`${c.url}/health`)).json()) as { checks: { name: string; status: string; critical: boolean }[] };
      // The store is not critical: its own check is down without failing readiness; the critical cache sharing its Redis does.
      expect(health.checks).toContainEqual(expect.objectContaining({ name: 'rate-limit-store', critical: false, status: 'down' }));
      expect(health.checks).toContainEqual(expect.objectContaining({ name: 'cache', critical: true, status: 'down' }));
      expect((await fetch(`${c.url}/health/ready`)).status).toBe(503);
    } finally {
      await c.stop();
      proxy.close();
    }
  }, 60_000);
});

describe('fuzzing and log hygiene', () => {
  it('never answers 5xx to arbitrary bodies, headers and paths, and keeps running', async () => {
    const token = bearer(`fuzz-${RUN_ID}`);
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
      path: fc.oneof(
        fc.constant('/v1/items'),
        fc.string({ maxLength: 80 }).map((s) => `/v1/items/${encodeURIComponent(s)}`),
        fc.webPath().map((p) => p || '/'),
      ),
      query: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
      body: fc.oneof(fc.json(), fc.string({ maxLength: 200 }), fc.constant('')),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'),
      auth: fc.oneof(fc.constant(token.authorization), fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`), fc.constant('')),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = new URL(a.url);
        url.pathname = r.path.startsWith('/') ? r.path : `/${r.path}`;
        for (const [k, v] of Object.entries(r.query)) url.searchParams.set(k, v);
        const headers: Record<string, string> = { 'content-type': r.contentType };
        if (/^[\x21-\x7e ]*$/.test(r.auth) && r.auth) headers.authorization = r.auth;
        const hasBody = r.method !== 'GET' && r.method !== 'DELETE';
        const res = await fetch(url, { method: r.method, headers, body: hasBody ? r.body : undefined });
        await res.text();
        expect(res.status, `${r.method} ${url.pathname}`).toBeLessThan(500);
      }),
      { numRuns: 300, seed: 20261123 },
    );
    expect((await fetch(`${a.url}/health/live`)).status).toBe(200);
    expect(a.proc.exitCode).toBeNull();
  });

  it('never logs a credential: a canary in every credential header leaves no trace', async () => {
    const canary = `CANARY${RUN_ID}`;
    await fetch(`${a.url}/v1/items`, {
      headers: { authorization: `Bearer ${canary}`, 'x-api-key': canary, cookie: `session=${canary}`, 'proxy-authorization': `Basic ${canary}` },
    });
    await fetch(`${a.url}/v1/items`, { headers: { 'x-api-key': `${canary}-key` } });
    await new Promise((r) => setTimeout(r, 200));
    expect(a.stdout.join('\n')).not.toContain(canary);
    const events = jsonLines(a.stdout).filter((l) => l.event === 'auth.failed');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e).toHaveProperty('reason');
      expect(e).toHaveProperty('reqId');
    }
  });

  it('puts the principal id on every line of an authenticated request', async () => {
    await fetch(`${a.url}/v1/items`, {
      method: 'POST',
      headers: { ...bearer(`carol-${RUN_ID}`), 'content-type': 'application/json', 'x-request-id': `e2e-principal-${RUN_ID}` },
      body: JSON.stringify({ name: `carol-${RUN_ID}` }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const lines = jsonLines(a.stdout).filter((l) => l.reqId === `e2e-principal-${RUN_ID}`);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line.principalId, JSON.stringify(line)).toBe(`carol-${RUN_ID}`);
  });

  it('refuses to start in production with a placeholder secret, naming the variable', async () => {
    await expect(startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, { ...e2eServiceEnv(), JWT_SECRET: 'changeme-changeme-changeme-changeme-1' })).rejects.toThrow(
      /JWT_SECRET: looks like a placeholder/,
    );
  });
});
