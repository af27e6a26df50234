import { logger, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import observabilityGenerator, { observabilityGenerator as namedGenerator } from './generator';
import { observabilityDependencies } from './lib/add-dependencies';
import { moduleReferences, parseSource } from '../utils/app-edit/ast';

/** `nx g @nx/node:app apps/api --framework=fastify` (Nx 22.7.9), byte for byte. */
const NX_FASTIFY_APP: Record<string, string> = {
  'src/main.ts': `import Fastify from 'fastify';
import { app } from './app/app';

const host = process.env.HOST ?? 'localhost';
const port = process.env.PORT ? Number(process.env.PORT) : 3000;

// Instantiate Fastify with some config
const server = Fastify({
  logger: true,
});

// Register your application as a normal plugin.
server.register(app);

// Start listening.
server.listen({ port, host }, (err) => {
  if (err) {
    server.log.error(err);
    process.exit(1);
  } else {
    console.log(\`[ ready ] http://\${host}:\${port}\`);
  }
});
`,
  'src/app/app.ts': `import * as path from 'path';
import { FastifyInstance } from 'fastify';
import AutoLoad from '@fastify/autoload';

/* eslint-disable-next-line */
export interface AppOptions {}

export async function app(fastify: FastifyInstance, opts: AppOptions) {
  // Place here your custom code!

  // Do not touch the following lines

  // This loads all plugins defined in plugins
  // those should be support plugins that are reused
  // through your application
  fastify.register(AutoLoad, {
    dir: path.join(__dirname, 'plugins'),
    options: { ...opts },
  });

  // This loads all plugins defined in routes
  // define your routes in one of these
  fastify.register(AutoLoad, {
    dir: path.join(__dirname, 'routes'),
    options: { ...opts },
  });
}
`,
  'src/app/plugins/sensible.ts': `import { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import sensible from '@fastify/sensible';

/**
 * This plugins adds some utilities to handle http errors
 *
 * @see https://github.com/fastify/fastify-sensible
 */
export default fp(async function (fastify: FastifyInstance) {
  fastify.register(sensible);
});
`,
  'src/app/routes/root.ts': `import { FastifyInstance } from 'fastify';

export default async function (fastify: FastifyInstance) {
  fastify.get('/', async function () {
    return { message: 'Hello API' };
  });
}
`,
};

/** Its project.json, as generated. */
const NX_PROJECT_JSON = `{
  "name": "api",
  "$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "apps/api/src",
  "projectType": "application",
  "targets": {
    "build": {
      "executor": "@nx/esbuild:esbuild",
      "outputs": ["{options.outputPath}"],
      "defaultConfiguration": "production",
      "options": {
        "platform": "node",
        "outputPath": "dist/apps/api",
        "format": ["cjs"],
        "bundle": false,
        "main": "apps/api/src/main.ts",
        "tsConfig": "apps/api/tsconfig.app.json",
        "assets": ["apps/api/src/assets"],
        "generatePackageJson": true,
        "esbuildOptions": {
          "sourcemap": true,
          "outExtension": {
            ".js": ".js"
          }
        }
      },
      "configurations": {
        "development": {},
        "production": {
          "esbuildOptions": {
            "sourcemap": false,
            "outExtension": {
              ".js": ".js"
            }
          }
        }
      }
    },
    "prune-lockfile": {
      "dependsOn": ["build"],
      "cache": true,
      "executor": "@nx/js:prune-lockfile",
      "outputs": [
        "{workspaceRoot}/dist/apps/api/package.json",
        "{workspaceRoot}/dist/apps/api/package-lock.json"
      ],
      "options": {
        "buildTarget": "build"
      }
    },
    "copy-workspace-modules": {
      "dependsOn": ["build"],
      "cache": true,
      "outputs": ["{workspaceRoot}/dist/apps/api/workspace_modules"],
      "executor": "@nx/js:copy-workspace-modules",
      "options": {
        "buildTarget": "build"
      }
    },
    "prune": {
      "dependsOn": ["prune-lockfile", "copy-workspace-modules"],
      "executor": "nx:noop"
    },
    "serve": {
      "continuous": true,
      "executor": "@nx/js:node",
      "defaultConfiguration": "development",
      "dependsOn": ["build"],
      "options": {
        "buildTarget": "api:build",
        "runBuildTargetDependencies": false
      },
      "configurations": {
        "development": {
          "buildTarget": "api:build:development"
        },
        "production": {
          "buildTarget": "api:build:production"
        }
      }
    }
  },
  "tags": []
}
`;

/** `nx g @nx/node:app apps/api --framework=express` (Nx 22.7.9), with a router the team added. */
const NX_EXPRESS_APP: Record<string, string> = {
  'src/main.ts': `import express from 'express';
import { itemsRouter } from './items';

const host = process.env.HOST ?? 'localhost';
const port = process.env.PORT ? Number(process.env.PORT) : 3000;

const app = express();

app.use(express.json());
app.use('/api/items', itemsRouter);

app.get('/', (req, res) => {
  res.send({ message: 'Hello API' });
});

app.listen(port, host, () => {
  console.log(\`[ ready ] http://\${host}:\${port}\`);
});
`,
  'src/items.ts': `import { Router } from 'express';

export const itemsRouter = Router();
itemsRouter.get('/:id', (req, res) => {
  res.json({ id: req.params.id });
});
`,
};

const ROOT = 'apps/api';
const MAIN = `${ROOT}/src/main.ts`;

function addApp(tree: Tree, files: Record<string, string>, projectJson = NX_PROJECT_JSON): void {
  tree.write(`${ROOT}/project.json`, projectJson);
  for (const [file, content] of Object.entries(files)) tree.write(`${ROOT}/${file}`, content);
}

/** Every file in the tree with its content, to prove what did (not) change. */
function allFiles(tree: Tree, dir = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const child of tree.children(dir)) {
    const p = dir ? `${dir}/${child}` : child;
    if (tree.isFile(p)) files[p] = tree.read(p, 'utf-8')!;
    else Object.assign(files, allFiles(tree, p));
  }
  return files;
}

function read(tree: Tree, file: string): string {
  return tree.read(file, 'utf-8')!;
}

const run = (tree: Tree) => observabilityGenerator(tree, { project: 'api', skipFormat: true });

/** An app with a plain project.json (no build target): run the generator, then read any of its files. */
async function editApp(tree: Tree, files: Record<string, string>): Promise<(file?: string) => string> {
  addApp(tree, files, JSON.stringify({ name: 'api', root: ROOT, sourceRoot: `${ROOT}/src`, projectType: 'application', targets: {} }));
  await run(tree);
  return (file = 'src/main.ts') => read(tree, `${ROOT}/${file}`);
}

describe('ready:add-observability', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('is exported as default and by name', () => {
    expect(namedGenerator).toBe(observabilityGenerator);
  });

  describe('on the app @nx/node:app --framework=fastify generates', () => {
    beforeEach(() => addApp(tree, NX_FASTIFY_APP));

    it('wires observability into main.ts through the AST', async () => {
      await run(tree);
      expect(read(tree, MAIN)).toMatchInlineSnapshot(`
        "import './observability/tracing';
        import Fastify from 'fastify';
        import { app } from './app/app';
        import { observability, observabilityServerOptions, installGracefulShutdown } from './observability';

        const host = process.env.HOST ?? '0.0.0.0';
        const port = process.env.PORT ? Number(process.env.PORT) : 3000;

        // Instantiate Fastify with some config
        const server = Fastify({
          ...observabilityServerOptions(),
        });
        server.register(observability);

        // Register your application as a normal plugin.
        server.register(app);

        // Start listening.
        server.listen({ port, host }, (err) => {
          if (err) {
            server.log.error(err);
            process.exit(1);
          } else {
            console.log(\`[ ready ] http://\${host}:\${port}\`);
          }
        });
        installGracefulShutdown(server);
        "
      `);
    });

    it('loads tracing first, registers the plugin before the app, and installs shutdown after listen', async () => {
      await run(tree);
      const main = read(tree, MAIN);
      expect(main.startsWith("import './observability/tracing';\n")).toBe(true);
      expect(main).toContain("import { observability, observabilityServerOptions, installGracefulShutdown } from './observability';");
      expect(main).toMatch(/const server = Fastify\(\{\s*\.\.\.observabilityServerOptions\(\),\s*\}\);\nserver\.register\(observability\);/);
      expect(main).not.toContain('logger: true');
      expect(main.indexOf('server.register(observability);')).toBeLessThan(main.indexOf('server.register(app);'));
      expect(main.trimEnd().endsWith('});\ninstallGracefulShutdown(server);')).toBe(true);
      expect(main).toContain("const host = process.env.HOST ?? '0.0.0.0';");
    });

    it('leaves the other app files alone', async () => {
      await run(tree);
      for (const file of ['src/app/app.ts', 'src/app/plugins/sensible.ts', 'src/app/routes/root.ts']) {
        expect(read(tree, `${ROOT}/${file}`)).toBe(NX_FASTIFY_APP[file]);
      }
    });

    it('copies the feature folder', async () => {
      await run(tree);
      expect(tree.exists(`${ROOT}/src/observability/index.ts`)).toBe(true);
      expect(tree.exists(`${ROOT}/src/observability/tracing.ts`)).toBe(true);
    });

    it('writes a default ready.yaml for a Fastify service named after the project', async () => {
      await run(tree);
      const yaml = read(tree, `${ROOT}/ready.yaml`);
      expect(yaml).toContain('# yaml-language-server: $schema=../../node_modules/ready/ready.schema.json');
      expect(yaml).toMatch(/apiVersion: ready\/v1/);
      expect(yaml).toMatch(/service:\n\s+name: api/);
      expect(yaml).toMatch(/runtime:\n\s+framework: fastify/);
    });

    it('keeps an existing ready.yaml', async () => {
      const own = 'apiVersion: ready/v1\nservice:\n  name: payments\nobservability:\n  logLevel: debug\n';
      tree.write(`${ROOT}/ready.yaml`, own);
      await run(tree);
      expect(read(tree, `${ROOT}/ready.yaml`)).toBe(own);
    });

    it('adds the runtime dependencies and returns the install task', async () => {
      const task = await run(tree);
      const pkg = readJson(tree, 'package.json');
      expect(pkg.dependencies).toMatchObject(observabilityDependencies('fastify'));
      expect(pkg.dependencies['@opentelemetry/sdk-node']).toBe('0.223.0');
      expect(typeof task).toBe('function');
    });

    it('declares a version for every package the feature folder imports', async () => {
      await run(tree);
      const dir = `${ROOT}/src/observability`;
      const packages = new Set<string>();
      for (const file of tree.children(dir).filter((f) => f.endsWith('.ts'))) {
        for (const { spec } of moduleReferences(parseSource(file, read(tree, `${dir}/${file}`)))) {
          if (spec.startsWith('.') || spec.startsWith('node:')) continue;
          packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        }
      }
      expect([...packages].filter((p) => !(p in observabilityDependencies('fastify')))).toEqual([]);
    });

    it('keeps the observability variables in a marked block of .env.example', async () => {
      await run(tree);
      expect(read(tree, `${ROOT}/.env.example`)).toContain('LOG_LEVEL=info');
    });

    it("writes the app's own port into the ready.yaml it creates, and says where it found it", async () => {
      tree.write(MAIN, read(tree, MAIN).replace(': 3000;', ': 8080;'));
      await run(tree);
      expect(read(tree, `${ROOT}/ready.yaml`)).toMatch(/http:\n\s+port: 8080/);
      const lines = vi.mocked(logger.info).mock.calls.map((c) => String(c[0]));
      expect(lines.some((l) => l.includes('http.port 8080, the port apps/api/src/main.ts listens on'))).toBe(true);
    });

    it("declares no variable twice: one the app's .env.example already has is left to the app's line", async () => {
      tree.write(`${ROOT}/.env.example`, '# The app\nPORT=3000\nLOG_LEVEL=warn\n');
      await run(tree);
      const env = read(tree, `${ROOT}/.env.example`);
      expect(env.match(/^LOG_LEVEL=/gm)).toEqual(['LOG_LEVEL=']);
      expect(env).toContain('LOG_LEVEL=warn');
      expect(env).toContain('# LOG_LEVEL: declared above by the app; observability reads that line');
      expect(env).toContain('SLOW_REQUEST_MS=');
      await run(tree);
      expect(read(tree, `${ROOT}/.env.example`)).toBe(env);
    });

    it('says once that it wrote no tests on an app without ready test helpers', async () => {
      await run(tree);
      const lines = vi.mocked(logger.info).mock.calls.map((c) => String(c[0]));
      expect(lines.filter((l) => l.includes('no observability tests written'))).toHaveLength(1);
    });

    it('regenerates the derived config from an edited ready.yaml, with a marker naming the project', async () => {
      await run(tree);
      const config = `${ROOT}/src/observability/config.ts`;
      expect(read(tree, config).split('\n')[0]).toContain('npx nx g ready:add-observability --project=api');
      tree.write(`${ROOT}/ready.yaml`, `${read(tree, `${ROOT}/ready.yaml`)}observability:\n  logLevel: debug\n`);
      await run(tree);
      expect(read(tree, config)).toContain("LOG_LEVEL: 'debug'");
      const warnings = vi.mocked(logger.warn).mock.calls.map((c) => String(c[0]));
      expect(warnings.some((w) => w.includes('config.ts'))).toBe(false);
    });

    it('explains the host change in its log output', async () => {
      await run(tree);
      const lines = vi.mocked(logger.info).mock.calls.map((c) => String(c[0]));
      expect(lines.some((l) => l.includes("'0.0.0.0'") && l.includes('container'))).toBe(true);
      expect(lines.some((l) => l.includes('logger: true'))).toBe(true);
    });

    it('changes nothing on a second run', async () => {
      await run(tree);
      const first = allFiles(tree);
      await run(tree);
      expect(allFiles(tree)).toEqual(first);
    });

    it('records no change at all on a second run against files on disk', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ready-obs-'));
      try {
        flushChanges(dir, tree.listChanges());
        const firstRun = new FsTree(dir, false);
        await run(firstRun);
        expect(firstRun.listChanges().length).toBeGreaterThan(0);
        flushChanges(dir, firstRun.listChanges());
        const secondRun = new FsTree(dir, false);
        await run(secondRun);
        expect(secondRun.listChanges()).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("keeps a user's own src/observability/metrics.ts and says so", async () => {
      const mine = "// our team's metrics\nexport const custom = true;\n";
      tree.write(`${ROOT}/src/observability/metrics.ts`, mine);
      await run(tree);
      expect(read(tree, `${ROOT}/src/observability/metrics.ts`)).toBe(mine);
      expect(tree.exists(`${ROOT}/src/observability/index.ts`)).toBe(true);
      const warnings = vi.mocked(logger.warn).mock.calls.map((c) => String(c[0]));
      expect(warnings.some((w) => w.includes(`${ROOT}/src/observability/metrics.ts`))).toBe(true);
    });

    it('refuses an invalid ready.yaml, naming the field, before writing anything', async () => {
      tree.write(`${ROOT}/ready.yaml`, 'apiVersion: ready/v1\nservice:\n  name: api\nhttp:\n  port: 0\n');
      const before = allFiles(tree);
      await expect(run(tree)).rejects.toThrow(/http\.port: expected an integer ≥ 1, got 0/);
      expect(allFiles(tree)).toEqual(before);
    });
  });

  describe('refuses apps it cannot edit, writing nothing', () => {
    it('a NestJS app, named as such even though it imports Express types', async () => {
      addApp(tree, {
        'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n",
        'src/app.controller.ts': "import { Controller, Get, Req } from '@nestjs/common';\nimport type { Request } from 'express';\n\n@Controller()\nexport class AppController {\n  @Get() hello(@Req() req: Request) {\n    return req.path;\n  }\n}\n",
      });
      const before = allFiles(tree);
      await expect(run(tree)).rejects.toThrow(/add-observability does not support NestJS apps yet .*src\/main.ts imports @nestjs\/core.*It supports: Fastify, Express\. Nothing was written\./);
      expect(allFiles(tree)).toEqual(before);
    });

    it('a Fastify project that never constructs a server', async () => {
      addApp(tree, {
        'src/main.ts': "import { routes } from './routes';\n\nconsole.log(routes);\n",
        'src/routes.ts': "import type { FastifyInstance } from 'fastify';\n\nexport async function routes(app: FastifyInstance) {\n  app.get('/', async () => ({ ok: true }));\n}\n",
      });
      const before = allFiles(tree);
      await expect(run(tree)).rejects.toThrow(/no fastify server construction found in project "api"/);
      expect(allFiles(tree)).toEqual(before);
    });

    it('an app that imports no web framework', async () => {
      addApp(tree, { 'src/main.ts': "console.log('hello');\n" });
      await expect(run(tree)).rejects.toThrow(/cannot tell which web framework project "api" uses/);
    });

    it('an unknown project', async () => {
      await expect(observabilityGenerator(tree, { project: 'nope' })).rejects.toThrow(/no project named "nope"/);
    });
  });

  describe('on an ESM app in the standard style that already has swagger, its own handlers and close-with-grace', () => {
    // The shape of the official Fastify demo: "type": "module", NodeNext, no semicolons, the app as an fp plugin.
    const projectJson = JSON.stringify({ name: 'api', root: ROOT, sourceRoot: `${ROOT}/src`, projectType: 'application', targets: { build: { options: { main: `${ROOT}/src/server.ts` } } } });
    const ESM_APP: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'api', type: 'module' }),
      'src/server.ts': [
        "import Fastify from 'fastify'",
        "import fp from 'fastify-plugin'",
        "import closeWithGrace from 'close-with-grace'",
        "import serviceApp from './app.js'",
        '',
        'function loggerSettings () {',
        "  return process.stdout.isTTY ? { level: 'info', transport: { target: 'pino-pretty' } } : { level: 'info' }",
        '}',
        '',
        'const app = Fastify({',
        '  logger: loggerSettings(),',
        '  requestTimeout: 60_000',
        '})',
        '',
        'async function init () {',
        '  app.register(fp(serviceApp))',
        '  closeWithGrace({ delay: 500 }, async () => {',
        '    await app.close()',
        '  })',
        '  await app.ready()',
        '  await app.listen({ port: 3000 })',
        '}',
        '',
        'init()',
        '',
      ].join('\n'),
      'src/app.ts': [
        "import type { FastifyInstance } from 'fastify'",
        "import { docs } from './plugins/docs.js'",
        '',
        'export default async function serviceApp (fastify: FastifyInstance) {',
        '  await fastify.register(docs)',
        '  fastify.setErrorHandler((err, request, reply) => {',
        '    reply.code(err.statusCode ?? 500).send({ message: err.message })',
        '  })',
        '  fastify.setNotFoundHandler((request, reply) => {',
        "    reply.code(404).send({ message: 'Not Found' })",
        '  })',
        '}',
        '',
      ].join('\n'),
      'src/plugins/docs.ts': "import swagger from '@fastify/swagger'\nimport type { FastifyInstance } from 'fastify'\n\nexport async function docs (fastify: FastifyInstance) {\n  await fastify.register(swagger)\n}\n",
    };
    let warnings: string[];
    let infos: string[];
    beforeEach(async () => {
      addApp(tree, ESM_APP, projectJson);
      warnings = [];
      infos = [];
      vi.spyOn(logger, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
      vi.spyOn(logger, 'info').mockImplementation((m: unknown) => void infos.push(String(m)));
      await run(tree);
    });

    it('edits the bootstrap in its style: .js specifiers, no semicolons, its logger passed on, swagger and the not-found handler left to the app', () => {
      const server = read(tree, `${ROOT}/src/server.ts`);
      expect(server.startsWith("import './observability/tracing.js'\n")).toBe(true);
      expect(server).toContain("import { observability, observabilityServerOptions, installGracefulShutdown } from './observability/index.js'\n");
      expect(server).toContain('const app = Fastify({\n  ...observabilityServerOptions(undefined, { logger: loggerSettings() }),\n  requestTimeout: 60_000\n})\napp.register(observability, { openapi: false, notFoundHandler: false })\n');
      expect(server).toContain('  await app.listen({ port: 3000, host: process.env.HOST ?? \'0.0.0.0\' })\n  installGracefulShutdown(app)\n');
      expect(server).not.toMatch(/;\n/);
    });

    it('says what the app keeps, and warns about its error handler and close-with-grace\'s delay', () => {
      expect(infos.join('\n')).toContain(`${ROOT}/src/plugins/docs.ts registers @fastify/swagger: the app keeps its own OpenAPI document`);
      expect(infos.join('\n')).toContain(`${ROOT}/src/app.ts:9 sets the app's own not-found handler: it stays`);
      expect(warnings.join('\n')).toContain(`${ROOT}/src/app.ts:6 sets the app's own error handler`);
      expect(warnings.join('\n')).toContain(`${ROOT}/src/server.ts:17 closes the app with close-with-grace: the drain (readiness 503 while serving for SHUTDOWN_DRAIN_MS) now runs inside its app.close()`);
      expect(warnings.join('\n')).toContain('Its delay (500 ms) cuts a shutdown that takes longer');
    });

    it('writes the feature folder as ESM: .js on every relative specifier, require from createRequire', () => {
      const dir = `${ROOT}/src/observability`;
      for (const file of tree.children(dir).filter((f) => f.endsWith('.ts'))) {
        const source = parseSource(file, read(tree, `${dir}/${file}`));
        for (const ref of moduleReferences(source).filter((r) => r.spec.startsWith('.'))) expect(ref.spec, `${file}: ${ref.spec}`).toMatch(/\.js$/);
      }
      const tracing = read(tree, `${dir}/tracing.ts`);
      expect(tracing).toContain("import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n");
      expect(read(tree, `${dir}/sentry.ts`)).toContain('createRequire(import.meta.url)');
    });

    it('changes nothing on a second run, and keeps no file of its own as "yours"', async () => {
      const before = allFiles(tree);
      warnings.length = 0;
      await run(tree);
      expect(allFiles(tree)).toEqual(before);
      expect(warnings.filter((w) => w.includes('kept your'))).toEqual([]);
    });
  });

  describe('on the app @nx/node:app --framework=express generates', () => {
    beforeEach(() => addApp(tree, NX_EXPRESS_APP));

    it('wires the middleware after express(), the error handlers after the last route, and shutdown on the server listen returns', async () => {
      await run(tree);
      expect(read(tree, MAIN)).toBe(`import './observability/tracing';
import express from 'express';
import { observability, observabilityErrorHandlers, installGracefulShutdown } from './observability';

const host = process.env.HOST ?? '0.0.0.0';
const port = process.env.PORT ? Number(process.env.PORT) : 3000;

const app = express();
app.use(observability());

app.use(express.json());
app.use('/api/items', itemsRouter);

app.get('/', (req, res) => {
  res.send({ message: 'Hello API' });
});
app.use(observabilityErrorHandlers());

installGracefulShutdown(app.listen(port, host, () => {
  console.log(\`[ ready ] http://\${host}:\${port}\`);
}));
`.replace("import express from 'express';\nimport {", "import express from 'express';\nimport { itemsRouter } from './items';\nimport {"));
    });

    it('writes the Express wiring over the shared core, and a ready.yaml that says express', async () => {
      await run(tree);
      const files = tree.children(`${ROOT}/src/observability`).sort();
      expect(files).toEqual(expect.arrayContaining(['index.ts', 'health-checks.ts', 'http-metrics.ts', 'server-shutdown.ts', 'request.ts', 'errors.ts']));
      expect(files).not.toContain('openapi.ts');
      expect(read(tree, `${ROOT}/src/observability/index.ts`)).toMatch(/from 'express'/);
      expect(read(tree, `${ROOT}/src/observability/index.ts`)).not.toMatch(/fastify/);
      expect(read(tree, `${ROOT}/ready.yaml`)).toMatch(/framework: express/);
      const pkg = readJson(tree, 'package.json');
      expect(Object.keys(pkg.dependencies)).not.toContain('fastify');
      expect(pkg.dependencies).toMatchObject(observabilityDependencies('express'));
    });

    it('changes nothing on a second run', async () => {
      await run(tree);
      const once = allFiles(tree);
      await run(tree);
      expect(allFiles(tree)).toEqual(once);
    });
  });

  describe('Express bootstrap shapes', () => {
    const edit = (files: Record<string, string>) => editApp(tree, files);

    it('an app built in app.ts and started in main.ts on an http server, with its own 404 and error handler', async () => {
      const files = await edit({
        'src/app.ts': [
          "import * as express from 'express';",
          '',
          'export const app = express();',
          "app.get('/health-check', (_req, res) => res.send('ok'));",
          "app.use((_req, res) => res.status(404).send('nope'));",
          'app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(500).send(err.message));',
          '',
        ].join('\n'),
        'src/main.ts': ["import http from 'http';", "import { app } from './app';", '', 'const server = http.createServer(app);', 'server.listen(8080);', ''].join('\n'),
      });
      expect(files('src/app.ts')).toContain('export const app = express();\napp.use(observability());');
      expect(files('src/app.ts')).toContain("app.use(observabilityErrorHandlers({ notFoundHandler: false }));");
      expect(files('src/main.ts')).toContain('server.listen(8080);\ninstallGracefulShutdown(server);');
      const notes = vi.mocked(logger.info).mock.calls.map((c) => String(c[0])).join('\n');
      const warnings = vi.mocked(logger.warn).mock.calls.map((c) => String(c[0])).join('\n');
      expect(notes).toMatch(/src\/app.ts:5 answers requests no route matched/);
      expect(warnings).toMatch(/src\/app.ts:6 is the app's own error handler/);
    });

    it("keeps the app's own GET /health and names its error handler declared elsewhere", async () => {
      const files = await edit({
        'src/errors.ts': "import type { ErrorRequestHandler } from 'express';\n\nexport const httpErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {\n  res.status(500).json({ message: String(err) });\n};\n",
        'src/main.ts': "import express from 'express';\nimport { httpErrorHandler } from './errors';\n\nconst app = express();\napp.get('/health', (_req, res) => res.json({ up: true }));\napp.use(httpErrorHandler);\napp.listen(3000);\n",
      });
      expect(files()).toContain('app.use(observability({ detailedHealth: false }));');
      const infos = vi.mocked(logger.info).mock.calls.map((c) => String(c[0])).join('\n');
      const warnings = vi.mocked(logger.warn).mock.calls.map((c) => String(c[0])).join('\n');
      expect(infos).toContain("src/main.ts:5 answers GET /health itself: it stays, and ready's detailed /health is not added");
      expect(warnings).toContain("src/main.ts:6 registers the app's own error handler httpErrorHandler");
    });

    it('writes .js specifiers into an ESM app whose files import only through path aliases', async () => {
      tree.write('package.json', JSON.stringify({ name: 'esm-app', type: 'module', dependencies: {} }));
      const main = await edit({ 'src/main.ts': "import express from 'express';\nimport { routes } from '@src/routes.js';\n\nconst app = express();\nroutes(app);\napp.listen(3000);\n" });
      expect(main()).toMatch(/^import '\.\/observability\/tracing\.js';/);
      expect(main()).toContain("from './observability/index.js';");
    });

    it('keeps the variable listen() is assigned to', async () => {
      const main = await edit({ 'src/main.ts': "const express = require('express');\n\nconst app = express();\nconst server = app.listen(3000);\n" });
      expect(main()).toContain('const server = app.listen(3000);\ninstallGracefulShutdown(server);');
      expect(main()).toContain('const app = express();\napp.use(observability());\napp.use(observabilityErrorHandlers());');
    });
  });

  describe('other bootstrap shapes', () => {
    const edit = (files: Record<string, string>) => editApp(tree, files);

    it('passes ready options when the factory gets none', async () => {
      const main = await edit({ 'src/main.ts': "import fastify from 'fastify';\n\nconst app = fastify();\napp.listen({ port: 3000, host: '0.0.0.0' });\n" });
      expect(main()).toContain('const app = fastify(observabilityServerOptions());\napp.register(observability);');
    });

    it('spreads ready options first, passes the app\'s logger option on (for its transport) and keeps the rest', async () => {
      const main = await edit({
        'src/main.ts': "import Fastify from 'fastify';\n\nconst app = Fastify({ trustProxy: true, logger: { level: 'debug' }, bodyLimit: 10 });\napp.listen({ port: 3000, host: '0.0.0.0' });\n",
      });
      expect(main()).toContain("Fastify({ ...observabilityServerOptions(undefined, { logger: { level: 'debug' } }), trustProxy: true, bodyLimit: 10 })");
    });

    it('wraps options given as an expression', async () => {
      const main = await edit({
        'src/main.ts': "import Fastify from 'fastify';\nimport { serverOptions } from './options';\n\nconst app = Fastify(serverOptions);\napp.listen({ port: 3000, host: '0.0.0.0' });\n",
        'src/options.ts': 'export const serverOptions = { trustProxy: true };\n',
      });
      expect(main()).toContain('Fastify({ ...observabilityServerOptions(), ...serverOptions })');
    });

    it('awaits registration inside an async builder and installs shutdown after an awaited listen', async () => {
      const main = await edit({
        'src/main.ts': [
          "import Fastify, { FastifyInstance } from 'fastify';",
          "import { observability as unrelated } from './legacy';",
          '',
          'export async function start(): Promise<FastifyInstance> {',
          '  const app = Fastify({ logger: true }).withTypeProvider();',
          "  app.get('/', async () => ({ ok: true }));",
          '  try {',
          "    await app.listen({ port: 3000, host: 'localhost' });",
          '  } catch (err) {',
          '    app.log.error(err);',
          '    process.exit(1);',
          '  }',
          '  return app;',
          '}',
          '',
          'void start();',
          '',
        ].join('\n'),
        'src/legacy.ts': 'export const observability = 1;\n',
      });
      const text = main();
      expect(text).toContain('const app = Fastify({ ...observabilityServerOptions() }).withTypeProvider();\n  await app.register(observability);');
      expect(text).toContain("    await app.listen({ port: 3000, host: '0.0.0.0' });\n    installGracefulShutdown(app);\n  } catch");
    });

    it('extends an existing import of the feature module instead of adding another', async () => {
      const main = await edit({
        'src/main.ts': "import Fastify from 'fastify';\nimport { installGracefulShutdown } from './observability/index';\n\nconst app = Fastify();\napp.listen({ port: 3000, host: '0.0.0.0' });\ninstallGracefulShutdown(app);\n",
      });
      expect(main()).toContain("import { installGracefulShutdown, observability, observabilityServerOptions } from './observability/index';");
      expect(main().match(/installGracefulShutdown\(app\)/g)).toHaveLength(1);
    });

    it('keeps ESM-style .js specifiers', async () => {
      const main = await edit({
        'src/main.ts': "import Fastify from 'fastify';\nimport { routes } from './routes.js';\n\nconst app = Fastify();\napp.register(routes);\nawait app.listen({ port: 3000, host: '0.0.0.0' });\n",
        'src/routes.ts': 'export async function routes() {}\n',
      });
      expect(main()).toMatch(/^import '\.\/observability\/tracing\.js';\n/);
      expect(main()).toContain("from './observability/index.js';");
    });

    it('edits the file that builds the server and the entry file that listens', async () => {
      const read = await edit({
        'src/main.ts': "import { buildServer } from './server';\n\nconst server = buildServer();\nserver.listen({ port: 3000, host: process.env.HOST || 'localhost' });\n",
        'src/server.ts': "import Fastify from 'fastify';\n\nexport function buildServer() {\n  const server = Fastify({\n    logger: true,\n    trustProxy: true,\n  });\n  return server;\n}\n",
      });
      expect(read('src/server.ts')).toBe(
        "import Fastify from 'fastify';\nimport { observability, observabilityServerOptions } from './observability';\n\nexport function buildServer() {\n  const server = Fastify({\n    ...observabilityServerOptions(),\n    trustProxy: true,\n  });\n  server.register(observability);\n  return server;\n}\n",
      );
      expect(read('src/main.ts')).toBe(
        "import './observability/tracing';\nimport { buildServer } from './server';\nimport { installGracefulShutdown } from './observability';\n\nconst server = buildServer();\nserver.listen({ port: 3000, host: process.env.HOST || '0.0.0.0' });\ninstallGracefulShutdown(server);\n",
      );
    });

    it('does not add tracing twice, and says when it is not first', async () => {
      const main = await edit({
        'src/main.ts': "import Fastify from 'fastify';\nimport './observability/tracing';\n\nconst app = Fastify();\napp.listen({ port: 3000, host: '0.0.0.0' });\n",
      });
      expect(main().match(/observability\/tracing/g)).toHaveLength(1);
      const warnings = vi.mocked(logger.warn).mock.calls.map((c) => String(c[0]));
      expect(warnings.some((w) => w.includes('tracing import is not the first statement'))).toBe(true);
    });

    it('listens on all interfaces when listen() binds no host, and says so', async () => {
      const main = await edit({ 'src/main.ts': "import Fastify from 'fastify';\n\nconst app = Fastify();\napp.listen({ port: 3000 });\n" });
      expect(main()).toContain("app.listen({ port: 3000, host: process.env.HOST ?? '0.0.0.0' });");
      const infos = vi.mocked(logger.info).mock.calls.map((c) => String(c[0]));
      expect(infos.some((w) => w.includes("it now listens on process.env.HOST ?? '0.0.0.0'"))).toBe(true);
    });

    it('warns when listen() takes options it cannot see into', async () => {
      await edit({ 'src/main.ts': "import Fastify from 'fastify';\nimport { listenOptions } from './options';\n\nconst app = Fastify();\napp.listen(listenOptions);\n", 'src/options.ts': 'export const listenOptions = { port: 3000 };\n' });
      const warnings = vi.mocked(logger.warn).mock.calls.map((c) => String(c[0]));
      expect(warnings.some((w) => w.includes('sets no host'))).toBe(true);
    });
  });
});
