/**
 * add-observability on an Express app ready did not make (tests/fixtures/express-api: the shape of the common
 * TypeScript boilerplates, with helmet, cors, a rate limit, pino-http, a health-check router, a docs page answering
 * every other GET, an error-passing middleware and its own SIGTERM handling), made a ready project by
 * `create-ready-service --adopt`. Checked from outside: the app's own typecheck, lint, tests and build before and after, the probes, /metrics
 * through promtool, problem+json errors, JSON logs with request ids and no credential, the drain on SIGTERM, a dry run
 * and a second run that change nothing.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, startService, type RunningService } from './support/service-process';
import { cliBin, promtoolAvailable, repoRoot, run, tempDir } from './support/workspace';

const FIXTURE = path.join(repoRoot, 'tests/fixtures/express-api');
const SECRET = 'e2e-credential-9f3a';
/** The app's own checks: they pass before ready and must still pass after. */
const OWN_CHECKS = ['typecheck', 'lint', 'test', 'build'] as const;

let app: string;
let adoptOutput = '';
const git = (...args: string[]) => run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: app });
const status = async () => (await run('git', ['status', '--porcelain'], { cwd: app })).stdout;
const generate = (...flags: string[]) => run('npx', ['nx', 'g', 'ready:add-observability', 'express-api-fixture', '--no-interactive', ...flags], { cwd: app });

describe('ready:add-observability on an existing Express 4 app without Nx', () => {
  let service: RunningService | undefined;
  let output = '';
  afterAll(async () => service?.stop());

  beforeAll(async () => {
    app = path.join(tempDir('ready-express-'), 'api');
    cpSync(FIXTURE, app, { recursive: true });
    await run('git', ['init', '-q'], { cwd: app });
    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: app });
    for (const check of OWN_CHECKS) await run('npm', ['run', check], { cwd: app });
    // The adoption command as a user runs it: Nx, the plugin (packed from this checkout into tools/), the project,
    // ready:sync and a ready.yaml saying what it found.
    ({ all: adoptOutput } = await run(process.execPath, [cliBin, '--adopt', app], { cwd: path.dirname(app) }));
    await git('add', '-A');
    await git('commit', '-qm', 'The app, with Nx and ready');
  }, 900_000);

  it('--adopt finds the entry, the framework and the port, registers ready:sync, and says the next step', async () => {
    expect(adoptOutput).toContain('entry src/index.ts (from package.json scripts.start (node dist/index.js)), express');
    expect(adoptOutput).toContain('port 8080 (the PORT .env.example sets)');
    expect(adoptOutput).toContain('npx nx g ready:add-observability express-api-fixture');
    expect(JSON.parse(readFileSync(path.join(app, 'nx.json'), 'utf-8')).sync.globalGenerators).toEqual(['ready:sync']);
    const config = readFileSync(path.join(app, 'ready.yaml'), 'utf-8');
    expect(config).toMatch(/runtime:\n  framework: express\n  entry: src\/index\.ts/);
    // The app's own dependencies were not resolved again: its lockfile moved only to add nx and ready.
    const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf-8'));
    expect(pkg.devDependencies.ready).toMatch(/^file:\.\/tools\/ready-tools-ready-.*\.tgz$/);
    expect(pkg.dependencies.express).toBe('4.21.2');
  });

  it('--dry-run writes nothing', async () => {
    await generate('--dry-run');
    expect(await status()).toBe('');
  });

  it('edits the bootstrap, says what the app keeps, and the app still passes its own typecheck, lint, tests and build', async () => {
    ({ all: output } = await generate());
    const server = readFileSync(path.join(app, 'src/server.ts'), 'utf-8');
    expect(server).toMatch(/const app: Express = express\(\);\napp\.use\(observability\(\)\);/);
    expect(server).toMatch(/app\.use\(logErrors\);\napp\.use\(observabilityErrorHandlers\(\)\);/);
    expect(readFileSync(path.join(app, 'src/index.ts'), 'utf-8')).toMatch(/^import "\.\/observability\/tracing";/);
    expect(readFileSync(path.join(app, 'ready.yaml'), 'utf-8')).toMatch(/framework: express/);
    expect(output).toMatch(/src\/index\.ts:\d+ handles SIGTERM itself/);
    expect(output).toMatch(/imports pino-http: the app's access log stays/);
    // The app's zod 3 schemas keep zod 3; its package.json keeps its tabs.
    const pkg = readFileSync(path.join(app, 'package.json'), 'utf-8');
    expect(JSON.parse(pkg).dependencies.zod).toMatch(/^\^?3\./);
    expect(pkg).toMatch(/^\{\n\t"name"/);
    for (const check of OWN_CHECKS) await run('npm', ['run', check], { cwd: app });
  });

  it('serves JSON probes before the docs catch-all, metrics by route template, problem+json errors and JSON logs with request ids', async () => {
    service = await startService(app, 'dist/index.js', { API_TOKEN: SECRET, SHUTDOWN_DRAIN_MS: '1000', LOG_LEVEL: 'info' });
    for (const probe of ['/health/live', '/health/ready', '/health/startup']) {
      const res = await fetch(`${service.url}${probe}`);
      expect(res.headers.get('content-type'), probe).toMatch(/^application\/json/);
      expect(await res.json(), probe).toEqual({ status: 'ok' });
    }
    const user = await fetch(`${service.url}/users/2`, { headers: { 'x-request-id': 'e2e-express-1', authorization: `Bearer ${SECRET}` } });
    expect(user.status).toBe(200);
    expect(user.headers.get('x-request-id')).toBe('e2e-express-1');
    // The app's own health check and docs page still answer as before.
    expect(await (await fetch(`${service.url}/health-check`)).json()).toMatchObject({ success: true });
    expect((await fetch(`${service.url}/some/page`)).headers.get('content-type')).toMatch(/^text\/html/);

    const missing = await fetch(`${service.url}/users/99`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 404, detail: 'user 99 not found' });
    const failed = await fetch(`${service.url}/users/1/fail`, { method: 'POST', headers: { 'x-request-id': 'e2e-express-fail' } });
    expect(failed.status).toBe(500);
    const problem = (await failed.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 500, instance: 'e2e-express-fail' });
    expect(JSON.stringify(problem)).not.toContain('hunter2');

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/users\/:id",status_code="200"\} 1/);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/users\/:id\/fail",status_code="500"\} 1/);
    expect(metrics).not.toMatch(/route="\/(health(\/\w+)?|metrics)"/);
    expect(metrics).not.toMatch(/route="[^"]*(99|some)/);
    if (await promtoolAvailable()) {
      const res = await execa('promtool', ['check', 'metrics'], { input: metrics, reject: false, all: true });
      expect(res.exitCode, res.all).toBe(0);
    }

    const lines = jsonLines(service.stdout);
    const ours = lines.filter((l) => l.msg === 'request completed');
    expect(ours.find((l) => l.reqId === 'e2e-express-1')).toMatchObject({ method: 'GET', route: '/users/:id', statusCode: 200 });
    expect(lines.find((l) => l.reqId === 'e2e-express-fail' && l.msg === 'request failed')).toMatchObject({ level: 'error', statusCode: 500 });
    // ready's lines carry no credential (the app's own pino-http logs headers as it did before; the run says so).
    expect(lines.filter((l) => l.service === 'api').map((l) => JSON.stringify(l)).join('\n')).not.toContain(SECRET);
  });

  it('drains on SIGTERM with readiness 503 while still serving, through the app\'s own signal handler, and exits 0', async () => {
    const running = service!;
    running.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const ready = await fetch(`${running.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'shutting_down' });
    expect((await fetch(`${running.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${running.url}/users`)).status).toBe(200);
    expect(await running.exit).toEqual({ code: 0, signal: null });
    const messages = jsonLines(running.stdout).map((l) => l.msg);
    expect(messages).toContain('shutdown started: readiness now fails, draining');
    expect(messages).toContain('server closed');
  });

  it('changes nothing on a second run', async () => {
    await git('add', '-A');
    await git('commit', '-qm', 'ready observability');
    await generate();
    expect(await status()).toBe('');
  });
});
