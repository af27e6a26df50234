/**
 * ready.yaml drives the service code: one workspace made by the real CLI, then a series of edits of its ready.yaml
 * as a team would make them (dependencies of each kind with a server here added and removed, a queue, a cache, the base path, the
 * auth mode, an environment). After each edit: `nx sync` writes the change and `nx sync:check` is clean, the
 * service builds and passes its own suite against the real services, and a running instance serves exactly the
 * routes API_REFERENCE.md and /openapi.json list (what the previous step documented and this one does not, 404s).
 * Edits the team made to scaffold files survive every step.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../e2e/support/service-process';
import { cliBin, run, tempDir } from '../e2e/support/workspace';
import type { MatrixConfig } from '../matrix/configs';
import { runOwnTests } from '../matrix/own-tests';

const SERVICE = 'edits';
const RUN = randomBytes(3).toString('hex');
const JWT_SECRET = randomBytes(32).toString('base64url');
const API_KEY = `edits-${randomBytes(24).toString('base64url')}`;
const ISSUER = 'https://auth.example.com/';
const AUDIENCE = 'edits-api';
const DATABASE = `ready_edits_${RUN}`;

interface Step {
  title: string;
  dependencies: string;
  queues: string;
  cache: string;
  basePath?: string;
  auth: 'jwt' | 'api-key' | 'both';
  environments: string[];
}

function configYaml(step: Step): string {
  const lines = [
    'apiVersion: ready/v1',
    'service:',
    `  name: ${SERVICE}`,
    '  description: Config edits of one service, step by step',
    '  owner: platform-team',
    'http:',
    '  port: 3310',
    ...(step.basePath ? [`  basePath: ${step.basePath}`] : []),
    'auth:',
    `  mode: ${step.auth}`,
    '  jwt:',
    `    issuer: ${ISSUER}`,
    `    audience: ${AUDIENCE}`,
    step.dependencies ? `dependencies:\n${step.dependencies}` : 'dependencies: []',
    step.queues ? `queues:\n${step.queues}` : 'queues: []',
    step.cache ? `cache:\n${step.cache}` : 'cache: []',
    'deploy:',
    '  registry: ghcr.io/example-org',
    '  environments:',
    ...step.environments.map((env) => `    - name: ${env}`),
  ];
  return `${lines.join('\n')}\n`;
}

const DEPENDENCIES = ['  - name: orders-db', '    kind: postgres', '  - name: accounts-db', '    kind: mysql', '  - name: store', '    kind: redis', '  - name: events', '    kind: rabbitmq', '    critical: false'].join('\n');
/** The team keeps the name its deployments already use for the mysql URL (env.url). */
const ACCOUNTS_VAR = 'ACCOUNTS_DATABASE_URL';
const RENAMED = DEPENDENCIES.replace('    kind: mysql', `    kind: mysql\n    env: { url: ${ACCOUNTS_VAR} }`);

const STEPS: Step[] = [
  { title: 'as created: no dependencies, jwt, one environment', dependencies: '', queues: '', cache: '', auth: 'jwt', environments: ['dev'] },
  {
    title: 'add postgres, mysql, redis and rabbitmq dependencies, a queue, a cache and basePath /api',
    dependencies: DEPENDENCIES,
    queues: '  - name: emails\n    attempts: 3',
    cache: '  - name: catalog\n    ttlSeconds: 60',
    basePath: '/api',
    auth: 'jwt',
    environments: ['dev'],
  },
  {
    title: 'auth api-key and a prod environment, basePath /api/v1, the mysql URL read from a variable of the team',
    dependencies: RENAMED,
    queues: '  - name: emails\n    attempts: 3',
    cache: '  - name: catalog\n    ttlSeconds: 60',
    basePath: '/api/v1',
    auth: 'api-key',
    environments: ['dev', 'prod'],
  },
  {
    title: 'remove the dependencies, the queue and the cache; auth both; no base path',
    dependencies: '',
    queues: '',
    cache: '',
    auth: 'both',
    environments: ['dev', 'prod'],
  },
];

let ws = '';
const app = () => path.join(ws, 'apps', SERVICE);
const read = (file: string) => readFileSync(path.join(app(), file), 'utf-8');
const nxEnv = { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const nx = (args: string[]) => execa('npx', ['nx', ...args], { cwd: ws, reject: false, all: true, env: nxEnv });

/** The team's own edits to scaffold files; each must still be there after every step. */
const USER_ROUTE = "  app.get('/team/ping', { config: { public: true } }, async () => ({ pong: true }));\n";
const USER_NOTE = '// team note: our own comment survives nx sync\n';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function adminToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: `edits-${RUN}`, roles: ['admin'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 })}`;
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

function credentials(auth: Step['auth']): Record<string, string> {
  return auth === 'api-key' ? { 'x-api-key': API_KEY } : { authorization: `Bearer ${adminToken()}` };
}

/** `| METHOD | \`path\` | auth |` rows of API_REFERENCE.md. */
function documentedRoutes(): { method: string; path: string }[] {
  return [...read('docs/API_REFERENCE.md').matchAll(/^\| (GET|POST|DELETE|PUT|PATCH) \| `([^`]+)` \|/gm)].map((m) => ({ method: m[1], path: m[2] }));
}

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const NO_ROUTE = /No route matches/;
const OPERATIONAL = /^GET \/(health(\/\w+)?|metrics|openapi\.json)$/;

beforeAll(async () => {
  const parent = tempDir('ready-edits-');
  ws = path.join(parent, 'edits-workspace');
  const config = path.join(parent, 'ready.yaml');
  writeFileSync(config, configYaml(STEPS[0]));
  await run(process.execPath, [cliBin, ws, '--yes', '--config', config], { cwd: parent });
  // The team's edits: a route of their own in app.ts, a comment in the example routes.
  const appTs = read('src/app.ts');
  expect(appTs).toContain('\n  return app;\n');
  writeFileSync(path.join(app(), 'src/app.ts'), appTs.replace('\n  return app;\n', `\n${USER_ROUTE}\n  return app;\n`));
  appendFileSync(path.join(app(), 'src/routes/items.ts'), USER_NOTE);
  await execa('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-c', `CREATE DATABASE ${DATABASE}`]);
  await execa('mysql', ['-h', '127.0.0.1', '-u', 'root', '-e', `CREATE DATABASE ${DATABASE}`]);
});

afterAll(async () => {
  await execa('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-c', `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`], { reject: false });
  await execa('mysql', ['-h', '127.0.0.1', '-u', 'root', '-e', `DROP DATABASE IF EXISTS ${DATABASE}`], { reject: false });
});

describe('editing ready.yaml changes the running service', () => {
  let previous: { method: string; path: string }[] = [];

  for (const [index, step] of STEPS.entries()) {
    it(`step ${index}: ${step.title}`, async () => {
      if (index > 0) {
        writeFileSync(path.join(app(), 'ready.yaml'), configYaml(step));
        const sync = await nx(['sync']);
        expect(sync.exitCode, sync.all).toBe(0);
        // New dependency kinds bring new packages: the sync output says to install them.
        if (/package\.json/.test(sync.all)) {
          expect(sync.all).toMatch(/npm install/);
          await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: ws });
        }
      }
      const check = await nx(['sync:check']);
      expect(check.exitCode, check.all).toBe(0);

      // The team's scaffold edits survived.
      expect(read('src/app.ts')).toContain(USER_ROUTE);
      expect(read('src/routes/items.ts')).toContain(USER_NOTE);

      const build = await nx(['run-many', '-t', 'build', 'typecheck', '-p', SERVICE, '--outputStyle=static', '--skip-nx-cache']);
      expect(build.exitCode, build.all).toBe(0);
      const config: MatrixConfig = { name: SERVICE, yaml: configYaml(step) } as MatrixConfig;
      const own = await runOwnTests(ws, config);
      expect(own.ok, own.report).toBe(true);

      const svc: RunningService = await startService(ws, `dist/apps/${SERVICE}/main.js`, {
        JWT_SECRET,
        API_KEYS: `edits:${createHash('sha256').update(API_KEY).digest('hex')}:admin`,
        ORDERS_DB_URL: `postgres://postgres@127.0.0.1:5432/${DATABASE}`,
        // Only the variable ready.yaml names: with the other one the service would not start (or not be ready).
        [step.dependencies === RENAMED ? ACCOUNTS_VAR : 'ACCOUNTS_DB_URL']: `mysql://root@127.0.0.1:3306/${DATABASE}`,
        STORE_URL: 'redis://127.0.0.1:6379/13',
        EVENTS_URL: 'amqp://guest:guest@127.0.0.1:5672',
        QUEUE_PREFIX: `edits-${RUN}-${index}`,
      });
      try {
        const documented = documentedRoutes();
        expect(documented.length).toBeGreaterThan(5);
        // OpenAPI and API_REFERENCE.md list the same routes.
        const openapi = (await (await fetch(`${svc.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
        const served = Object.entries(openapi.paths)
          .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`))
          .filter((r) => !r.startsWith('HEAD ') && !r.includes('/team/ping'));
        // Every documented route is an operation of /openapi.json (API_REFERENCE.md names each queue's DLQ route where
        // OpenAPI has the :queue template), and every operation is documented. The probes, /metrics and /openapi.json
        // are documented for operators and kept out of the API description.
        const api = documented.map(key).filter((r) => !OPERATIONAL.test(r));
        const template = (op: string) => new RegExp(`^${op.replace(/:\w+/g, '[^/ ]+')}$`);
        for (const route of api) expect(served.filter((op) => template(op).test(route)), `${route} in /openapi.json`).toHaveLength(1);
        for (const op of served) expect(api.some((route) => template(op).test(route)), `${op} in API_REFERENCE.md`).toBe(true);

        const headers = credentials(step.auth);
        for (const route of documented) {
          const url = `${svc.url}${route.path.replace(/:(\w+)/g, `edits-${RUN}`)}`;
          const body = route.method === 'POST' ? JSON.stringify({ name: `edits-${RUN}` }) : undefined;
          const res = await fetch(url, { method: route.method, body, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } });
          const text = await res.text();
          expect([401, 403], `${key(route)}: ${text}`).not.toContain(res.status);
          expect(text, `${key(route)} is served`).not.toMatch(NO_ROUTE);
        }
        // What the previous step documented and this one does not is gone from the service.
        const now = new Set(documented.map(key));
        for (const route of previous.filter((r) => !now.has(key(r)))) {
          const res = await fetch(`${svc.url}${route.path.replace(/:(\w+)/g, `edits-${RUN}`)}`, { method: route.method, headers });
          expect(res.status, `${key(route)} is no longer served`).toBe(404);
          expect(await res.text()).toMatch(NO_ROUTE);
        }
        expect((await fetch(`${svc.url}/team/ping`)).status, "the team's own route").toBe(200);
        previous = documented;
      } finally {
        await svc.stop();
      }
    });
  }
});
