/**
 * Docs of the generated service, checked against the real workspace and the running service:
 * every route of API_REFERENCE.md answers with its documented auth behaviour, runbooks match the
 * rules, and `nx sync:check` fails on a ready.yaml edit until `nx sync` regenerates the files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { bearer, e2eServiceEnv, e2eToken, RUN_ID } from './support/service-env';
import { startService, type RunningService } from './support/service-process';
import { run } from './support/workspace';

const ws = inject('workspace');
const app = path.join(ws, 'apps', E2E_SERVICE);
let svc: RunningService;

const read = (file: string) => readFileSync(path.join(app, file), 'utf-8');

/** `| METHOD | \`path\` | auth | ...` rows of API_REFERENCE.md's route table. */
function documentedRoutes(): { method: string; path: string; auth: string }[] {
  return [...read('docs/API_REFERENCE.md').matchAll(/^\| (GET|POST|DELETE|PUT|PATCH) \| `([^`]+)` \| ([^|]+) \|/gm)].map((m) => ({
    method: m[1],
    path: m[2],
    auth: m[3].trim(),
  }));
}

async function nx(args: string[]) {
  return execa('npx', ['nx', ...args], { cwd: ws, reject: false, all: true, env: { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
}

beforeAll(async () => {
  await run('npx', ['nx', 'build', E2E_SERVICE, '--outputStyle=static'], { cwd: ws });
  svc = await startService(ws, `dist/apps/${E2E_SERVICE}/main.js`, e2eServiceEnv());
});

afterAll(async () => {
  await svc?.stop();
});

describe('generated docs, against the running service', () => {
  it('every route in API_REFERENCE.md answers, with 401 exactly where credentials are documented as required', async () => {
    const routes = documentedRoutes();
    expect(routes.length).toBeGreaterThan(8);
    for (const route of routes) {
      const url = `${svc.url}${route.path.replace(/:(\w+)/g, `docs-${RUN_ID}`)}`;
      const body = route.method === 'POST' ? JSON.stringify({ name: `docs-${RUN_ID}-${route.path.length}` }) : undefined;
      const headers = body ? { 'content-type': 'application/json' } : undefined;
      const anonymous = await fetch(url, { method: route.method, body, headers });
      const label = `${route.method} ${route.path} (${route.auth})`;
      if (route.auth.startsWith('required')) expect(anonymous.status, label).toBe(401);
      else expect([200, 201, 204], label).toContain(anonymous.status);
      if (!route.auth.startsWith('required')) continue;
      const roles = [...route.auth.matchAll(/`([a-z][\w:-]*)`/g)].map((m) => m[1]);
      const authed = await fetch(url, { method: route.method, body, headers: { ...headers, ...bearer(`docs-${RUN_ID}`, roles.slice(-1)) } });
      // The route exists and accepts the documented role: neither 401/403 nor an unknown-route 404 (an unknown id is a 404 with the item type).
      expect([401, 403], label).not.toContain(authed.status);
      if (authed.status === 404) expect(((await authed.json()) as { detail?: string }).detail ?? '', label).not.toMatch(/Route .* not found/);
    }
  });

  it('the curl block of API_REFERENCE.md runs as written against the service: every call reaches its route with the documented credentials', async () => {
    const doc = read('docs/API_REFERENCE.md');
    const block = /```sh\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## Calls')))![1];
    expect(block).toMatch(/^BASE=http:\/\/127\.0\.0\.1:\d+$/m);
    // Only the address differs (the e2e service listens on a free port); every call's status goes to stderr.
    const script = `curl() { command curl -w '%{stderr}%{http_code} %{method} %{url_effective}\\n' "$@"; }\n${block.replace(/^BASE=.*$/m, `BASE=${svc.url}`)}`;
    const res = await execa('bash', ['-eo', 'pipefail', '-c', script], {
      reject: false,
      env: { TOKEN: e2eToken(`docs-curl-${RUN_ID}`, ['reader']), ADMIN_TOKEN: e2eToken(`docs-admin-${RUN_ID}`, ['admin']), JOB_ID: `docs-${RUN_ID}-missing` },
    });
    expect(res.exitCode, res.stderr).toBe(0);
    const calls = res.stderr.split('\n').filter(Boolean).map((line) => line.split(' '));
    expect(calls.length).toBe((block.match(/curl /g) ?? []).length);
    for (const [status, method, url] of calls) {
      const label = `${method} ${url}`;
      expect(['401', '403', '429'], label).not.toContain(status);
      expect(Number(status), label).toBeLessThan(500);
    }
    // The create call's id was captured and used: the item was read (200) and deleted by the admin (204).
    expect(calls.filter(([, m, u]) => m === 'GET' && /\/v1\/items\/[^/]+$/.test(u)).map(([st]) => st)).toEqual(['200']);
    expect(calls.filter(([, m]) => m === 'DELETE').map(([st]) => st)).toEqual(['204']);
  });

  it('runbooks are exactly the alerts of the generated rules, and every runbook_url points at one', () => {
    const rules = read('deploy/prometheus/rules.yaml');
    const alerts = [...rules.matchAll(/^\s*- alert: (\S+)$/gm)].map((m) => m[1]).sort();
    const runbooks = readdirSync(path.join(app, 'docs/runbooks')).map((f) => f.replace(/\.md$/, '')).sort();
    expect(runbooks).toEqual(alerts);
    for (const url of rules.matchAll(/runbook_url: (\S+)/g)) expect(runbooks).toContain(/docs\/runbooks\/(\w+)\.md$/.exec(url[1])?.[1]);
  });

  it('ENVIRONMENT.md lists exactly the variables of the generated .env.example', () => {
    const example = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    const documented = [...read('docs/ENVIRONMENT.md').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(example);
  });
});

describe('nx sync', () => {
  const config = path.join(app, 'ready.yaml');
  let original: string;

  beforeAll(() => {
    original = readFileSync(config, 'utf-8');
  });

  afterAll(async () => {
    // Leave the shared workspace as it was for the other e2e files.
    writeFileSync(config, original);
    await nx(['sync']);
  });

  it('sync:check passes on the fresh workspace, with no warning of ready', async () => {
    const res = await nx(['sync:check']);
    expect(res.exitCode, res.all).toBe(0);
    expect(res.all).not.toMatch(/^ready: /m);
  });

  it('sync:check fails after a ready.yaml edit and names the files; nx sync fixes it', async () => {
    writeFileSync(config, original.replace('port: 3300', 'port: 3301'));
    const drift = await nx(['sync:check']);
    expect(drift.exitCode, drift.all).not.toBe(0);
    for (const file of ['docs/ENVIRONMENT.md', 'README.md', '.env.example', 'deploy/k8s/base/deployment.yaml']) expect(drift.all).toContain(`apps/${E2E_SERVICE}/${file}`);
    const sync = await nx(['sync']);
    expect(sync.exitCode, sync.all).toBe(0);
    // nx sync says what it wrote, and does not tell to run itself.
    expect(sync.all).toMatch(/`npx nx sync` writes \d+ files derived from ready\.yaml: updates [^\n]*apps\/shop\/docs\/ENVIRONMENT\.md/);
    expect(sync.all).not.toMatch(/Run "npx nx sync"/);
    expect(read('docs/ENVIRONMENT.md')).toContain('`3301`');
    const check = await nx(['sync:check']);
    expect(check.exitCode, check.all).toBe(0);
  });
});
