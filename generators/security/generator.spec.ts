import { addProjectConfiguration, logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseConfigYaml } from '@ready-tools/config';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serviceGenerator } from '../service/generator';
import { serviceEnvVars } from '../features';
import { mergeEnvVars } from '../utils/env-vars';
import { securityGenerator } from './generator';
import { uncheckedJwtClaims } from './lib/create-files';
import { snapshotTree as snapshot } from '../utils/testing';


const PLAIN_MAIN = `import Fastify from 'fastify';
import { app } from './app/app';

const host = process.env.HOST ?? 'localhost';
const port = process.env.PORT ? Number(process.env.PORT) : 3000;

const server = Fastify({ logger: true });
server.register(app);

server.listen({ port, host }, (err) => {
  if (err) {
    server.log.error(err);
    process.exit(1);
  }
});
`;

describe('ready:add-security', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });
  afterEach(() => vi.restoreAllMocks());

  it('is composed by ready:service: src/config/plugins.ts registers it with the validated env, after observability and before any route', async () => {
    await serviceGenerator(tree, { name: 'payments', skipFormat: true });
    const plugins = tree.read('apps/payments/src/config/plugins.ts', 'utf-8')!;
    expect(plugins.indexOf('app.register(security, { env')).toBeGreaterThan(plugins.indexOf('app.register(observability'));
    const app = tree.read('apps/payments/src/app.ts', 'utf-8')!;
    expect(app.indexOf('await registerServicePlugins(app, env, options);')).toBeLessThan(app.indexOf('app.register(itemsRoutes'));
    for (const file of ['index', 'config', 'env', 'jwt', 'api-keys', 'authentication', 'rate-limit', 'protection', 'audit', 'principal']) {
      expect(tree.exists(`apps/payments/src/security/${file}.ts`), file).toBe(true);
    }
    const pkg = JSON.parse(tree.read('package.json', 'utf-8')!);
    for (const dep of ['jose', 'helmet', '@fastify/cors', '@fastify/rate-limit', '@fastify/under-pressure', 'ioredis']) {
      expect(pkg.dependencies[dep], dep).toBeDefined();
    }
  });

  it('changes nothing on a ready:service app that has it, and on a second run', async () => {
    await serviceGenerator(tree, { name: 'payments', skipFormat: true });
    const before = snapshot(tree, 'apps/payments');
    await securityGenerator(tree, { project: 'payments', skipFormat: true });
    await securityGenerator(tree, { project: 'payments', skipFormat: true });
    expect(snapshot(tree, 'apps/payments')).toEqual(before);
  });

  it('restores the feature folder on a ready:service app that lacks it; src/config/plugins.ts keeps registering it, app.ts is untouched', async () => {
    await serviceGenerator(tree, { name: 'payments', skipFormat: true });
    const app = tree.read('apps/payments/src/app.ts', 'utf-8')!;
    tree.delete('apps/payments/src/security');
    await securityGenerator(tree, { project: 'payments', skipFormat: true });
    expect(tree.exists('apps/payments/src/security/authentication.ts')).toBe(true);
    expect(tree.read('apps/payments/src/app.ts', 'utf-8')).toBe(app);
    expect(tree.read('apps/payments/src/config/plugins.ts', 'utf-8')).toContain('await app.register(security, { env, ...options.security });');
    const again = snapshot(tree, 'apps/payments');
    await securityGenerator(tree, { project: 'payments', skipFormat: true });
    expect(snapshot(tree, 'apps/payments')).toEqual(again);
  });

  it('adds observability first on a plain Fastify app, then registers security right after it', async () => {
    addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src', projectType: 'application' });
    tree.write('apps/api/src/main.ts', PLAIN_MAIN);
    tree.write('apps/api/src/app/app.ts', "import type { FastifyInstance } from 'fastify';\nexport async function app(fastify: FastifyInstance) {\n  fastify.get('/', async () => ({ message: 'Hello API' }));\n}\n");
    await securityGenerator(tree, { project: 'api', skipFormat: true });
    const main = tree.read('apps/api/src/main.ts', 'utf-8')!;
    const observability = main.indexOf('server.register(observability)');
    const security = main.indexOf('server.register(security)');
    expect(observability).toBeGreaterThan(-1);
    expect(security).toBeGreaterThan(observability);
    expect(security).toBeLessThan(main.indexOf('server.register(app)'));
    expect(main).toMatch(/import \{[^}]*\bsecurity\b[^}]*\} from '\.\/security(\/index)?'/);
    // Body and time limits and trusted proxies come from ready.yaml through the server options.
    expect(main).toMatch(/Fastify\(\{[^)]*\.\.\.securityServerOptions\(\)/);
    expect(tree.read('apps/api/ready.yaml', 'utf-8')).toMatch(/name: api/);
    const before = snapshot(tree, 'apps/api');
    await securityGenerator(tree, { project: 'api', skipFormat: true });
    expect(snapshot(tree, 'apps/api')).toEqual(before);
  });

  it('leaves load shedding, rate limits and CORS to an app that registers its own, instead of a second copy that crashes at boot', async () => {
    addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src', projectType: 'application' });
    tree.write('apps/api/src/main.ts', PLAIN_MAIN);
    tree.write(
      'apps/api/src/app/app.ts',
      "import type { FastifyInstance } from 'fastify';\nimport underPressure from '@fastify/under-pressure';\nimport rateLimit from '@fastify/rate-limit';\n\nexport async function app(fastify: FastifyInstance) {\n  await fastify.register(underPressure, { maxEventLoopDelay: 1000 });\n  await fastify.register(rateLimit, { max: 100 });\n}\n",
    );
    tree.write('apps/api/src/plugins/cors.ts', "import cors from '@fastify/cors';\nexport const corsPlugin = cors;\n");
    const infos: string[] = [];
    vi.spyOn(logger, 'info').mockImplementation((m: unknown) => void infos.push(String(m)));
    await securityGenerator(tree, { project: 'api', skipFormat: true });
    const main = tree.read('apps/api/src/main.ts', 'utf-8')!;
    expect(main).toContain('server.register(security, { loadShedding: false, rateLimiting: false, cors: false });');
    expect(infos).toContain('ready: apps/api/src/app/app.ts registers @fastify/under-pressure: the app keeps its own load shedding (readiness then does not fail while it sheds); the security plugin takes `loadShedding: false`.');
    expect(infos.some((m) => m.startsWith('ready: apps/api/src/plugins/cors.ts registers @fastify/cors'))).toBe(true);
    // ready's own security folder imports all three; it is not mistaken for the app's.
    const before = snapshot(tree, 'apps/api');
    await securityGenerator(tree, { project: 'api', skipFormat: true });
    expect(snapshot(tree, 'apps/api')).toEqual(before);
  });

  it('keeps a security file the team changed', async () => {
    await serviceGenerator(tree, { name: 'payments', skipFormat: true });
    tree.write('apps/payments/src/security/jwt.ts', '// our own verifier\n');
    await securityGenerator(tree, { project: 'payments', skipFormat: true });
    expect(tree.read('apps/payments/src/security/jwt.ts', 'utf-8')).toBe('// our own verifier\n');
  });

  it('refuses an invalid ready.yaml naming the field, and writes nothing', async () => {
    addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src' });
    tree.write('apps/api/src/main.ts', PLAIN_MAIN);
    tree.write('apps/api/ready.yaml', 'apiVersion: ready/v1\nservice:\n  name: api\nauth:\n  mode: jwt\n  adminRole: root\n');
    const before = tree.listChanges().length;
    await expect(securityGenerator(tree, { project: 'api', skipFormat: true })).rejects.toThrow(/auth\.adminRole: expected adminRole to be one of roles/);
    expect(tree.listChanges().length).toBe(before);
    expect(tree.exists('apps/api/src/security')).toBe(false);
  });

  it('refuses an Express app by name before writing anything (only add-observability supports Express yet)', async () => {
    addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src' });
    tree.write('apps/api/src/main.ts', "import express from 'express';\n\nconst app = express();\napp.listen(3000);\n");
    const before = tree.listChanges().length;
    await expect(securityGenerator(tree, { project: 'api', skipFormat: true })).rejects.toThrow(
      /add-security does not support Express apps yet \(project "api" is taken for Express because apps\/api\/src\/main\.ts imports express\)\. It supports: Fastify\. Nothing was written\./,
    );
    expect(tree.listChanges().length).toBe(before);
  });

  it('refuses an unknown project, naming the known ones', async () => {
    await serviceGenerator(tree, { name: 'payments', skipFormat: true });
    await expect(securityGenerator(tree, { project: 'nope', skipFormat: true })).rejects.toThrow(/no project named "nope".*payments/);
  });
});

describe('security environment variables', () => {
  const model = (yaml: string) => parseConfigYaml(`apiVersion: ready/v1\nservice:\n  name: svc\n${yaml}`);
  const byName = (yaml: string) => new Map(serviceEnvVars(model(yaml)).map((v) => [v.name, v]));

  it('jwt: three key sources, the secret marked secret with a minimum length, no value anywhere', () => {
    const vars = byName('auth:\n  mode: jwt\n');
    expect(vars.get('JWT_SECRET')).toMatchObject({ secret: true, required: false, minLength: 32 });
    expect(vars.get('JWT_SECRET')?.default).toBeUndefined();
    expect(vars.get('JWT_PUBLIC_KEY')).toMatchObject({ secret: false });
    expect(vars.has('API_KEYS')).toBe(false);
  });

  it('a configured JWKS URL becomes the default of JWT_JWKS_URL', () => {
    expect(byName('auth:\n  jwt:\n    jwksUrl: https://id.example.com/jwks.json\n').get('JWT_JWKS_URL')?.default).toBe('https://id.example.com/jwks.json');
  });

  it('api-key: API_KEYS required, secret, and holds hashes only', () => {
    const key = byName('auth:\n  mode: api-key\n').get('API_KEYS')!;
    expect(key).toMatchObject({ required: true, secret: true });
    const pattern = new RegExp(key.pattern!);
    expect(pattern.test(`ci:${'a'.repeat(64)}:admin+reader`)).toBe(true);
    expect(pattern.test('ci:plaintext-key')).toBe(false);
    expect(byName('auth:\n  mode: jwt\n').has('API_KEYS')).toBe(false);
  });

  it('none: no auth variables', () => {
    const vars = byName('auth:\n  mode: none\n');
    for (const name of ['JWT_SECRET', 'JWT_PUBLIC_KEY', 'JWT_JWKS_URL', 'API_KEYS']) expect(vars.has(name), name).toBe(false);
  });

  it('a Redis rate-limit store reuses the redis dependency URL, else asks for REDIS_URL', () => {
    const withDep = model('rateLimits:\n  store: redis\ndependencies:\n  - name: cache\n    kind: redis\n');
    expect(withDep.rateLimitRedisEnvVar).toBe('CACHE_URL');
    expect(serviceEnvVars(withDep).some((v) => v.name === 'REDIS_URL')).toBe(false);
    const alone = byName('rateLimits:\n  store: redis\n');
    expect(alone.get('REDIS_URL')).toMatchObject({ required: true, secret: true });
    expect(byName('rateLimits:\n  store: redis\ndependencies:\n  - name: cache\n    kind: redis\n').get('CACHE_URL')?.description).toMatch(/rate-limit counters/);
  });

  it('a Redis store with a dependency named redis declares REDIS_URL once, in the env schema, .env.example and the local env', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('ready.yaml', 'apiVersion: ready/v1\nservice:\n  name: keys\nauth:\n  mode: api-key\nrateLimits:\n  store: redis\ndependencies:\n  - name: redis\n    kind: redis\n');
    await serviceGenerator(tree, { name: 'keys', config: 'ready.yaml', skipFormat: true });
    const env = tree.read('apps/keys/src/config/env.ts', 'utf-8')!;
    expect(env.match(/^ {2}REDIS_URL: url\(\),$/gm)).toHaveLength(1);
    expect(env.match(/^ {2}REDIS_URL: '/gm)).toHaveLength(1);
    expect(env).toMatch(/secretEnvVars: readonly string\[\] = \[[^\]]*'REDIS_URL'[^\]]*\]/);
    expect(env.match(/'REDIS_URL'/g)).toHaveLength(1);
    expect(tree.read('apps/keys/.env.example', 'utf-8')!.match(/^REDIS_URL=/gm)).toHaveLength(1);
    expect(tree.read('apps/keys/src/security/config.ts', 'utf-8')).toContain("redisUrlVar: 'REDIS_URL'");
  });

  it('a variable two features read is declared once: a dependency named jwt-jwks shares JWT_JWKS_URL', () => {
    const vars = serviceEnvVars(model('auth:\n  mode: jwt\ndependencies:\n  - name: jwt-jwks\n    kind: http\n'));
    const jwks = vars.filter((v) => v.name === 'JWT_JWKS_URL');
    expect(jwks).toHaveLength(1);
    expect(jwks[0]).toMatchObject({ type: 'url', required: true, secret: true });
    expect(jwks[0].description).toMatch(/JWKS endpoint.*Connection URL of the http dependency "jwt-jwks"/);
  });

  it('a variable declared with two types is a generator error, not a broken env schema', () => {
    expect(() =>
      mergeEnvVars([
        { name: 'X', type: 'url', required: true, secret: false, description: 'a' },
        { name: 'X', type: 'integer', required: false, secret: false, description: 'b' },
      ]),
    ).toThrow(/X is declared as url and as integer/);
  });
});

describe('safe defaults', () => {
  const model = (yaml: string) => parseConfigYaml(`apiVersion: ready/v1\nservice:\n  name: svc\n${yaml}`);

  it('names the JWT claims ready.yaml leaves unchecked, for the generator warning and the production refusal', () => {
    expect(uncheckedJwtClaims(model('auth:\n  mode: jwt\n'))).toEqual(['issuer', 'audience']);
    expect(uncheckedJwtClaims(model('auth:\n  mode: both\n  jwt:\n    issuer: https://id.example.com/\n'))).toEqual(['audience']);
    expect(uncheckedJwtClaims(model('auth:\n  mode: jwt\n  jwt:\n    issuer: https://id.example.com/\n    audience: svc\n'))).toEqual([]);
    expect(uncheckedJwtClaims(model('auth:\n  mode: api-key\n'))).toEqual([]);
  });

  it('the generated security config carries the rate-limit store deadline (rateLimits.storeTimeoutMs, default 500 ms)', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('ready.yaml', 'apiVersion: ready/v1\nservice:\n  name: slow\nrateLimits:\n  store: redis\n  storeTimeoutMs: 250\n');
    await serviceGenerator(tree, { name: 'slow', config: 'ready.yaml', skipFormat: true });
    expect(tree.read('apps/slow/src/security/config.ts', 'utf-8')).toContain('storeTimeoutMs: 250,');
    expect(model('rateLimits:\n  store: redis\n').rateLimits.storeTimeoutMs).toBe(500);
  });
});
