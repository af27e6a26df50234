import { logger, readJson, type Tree } from '@nx/devkit';
import { createTree, createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { initGenerator } from './generator';

const EXPRESS_INDEX = "import express from 'express';\n\nconst app = express();\napp.get('/', (_req, res) => res.send('ok'));\napp.listen(Number(process.env.PORT ?? 8080));\n";

function files(tree: Tree, dir = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const child of tree.children(dir)) {
    const p = dir ? `${dir}/${child}` : child;
    if (tree.isFile(p)) out[p] = tree.read(p, 'utf-8') ?? '';
    else Object.assign(out, files(tree, p));
  }
  return out;
}

function app(tree: Tree, pkg: Record<string, unknown>, sources: Record<string, string>): void {
  tree.write('package.json', `${JSON.stringify({ name: '@acme/orders-api', version: '1.0.0', ...pkg }, null, '\t')}\n`);
  tree.write('.gitignore', 'node_modules\ndist\n');
  for (const [file, text] of Object.entries(sources)) tree.write(file, text);
}

describe('ready:init', () => {
  let infos: string[];
  beforeEach(() => {
    infos = [];
    vi.spyOn(logger, 'info').mockImplementation((m) => void infos.push(String(m)));
  });
  afterEach(() => vi.restoreAllMocks());

  describe('on an Express app without Nx', () => {
    let tree: Tree;
    beforeEach(() => {
      tree = createTree();
      app(tree, { scripts: { dev: 'tsx watch --clear-screen=false src/index.ts | pino-pretty', start: 'node dist/index.js' } }, { 'src/index.ts': EXPRESS_INDEX });
    });

    it('registers the app as a root project, ready:sync in nx.json, .nx in .gitignore and nx in package.json', async () => {
      await initGenerator(tree, { skipInstall: true });
      expect(readJson(tree, 'project.json')).toMatchObject({ name: 'orders-api', sourceRoot: 'src', projectType: 'application' });
      expect(readJson(tree, 'nx.json')).toMatchObject({ sync: { globalGenerators: ['ready:sync'] } });
      expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\ndist\n.nx/cache\n.nx/workspace-data\n');
      expect(readJson(tree, 'package.json').devDependencies.nx).toBe('22.7.9');
      expect(tree.read('package.json', 'utf-8')).toMatch(/^\{\n\t"name"/);
    });

    it('writes a ready.yaml that says what it found, and says where each came from', async () => {
      await initGenerator(tree, { skipInstall: true });
      const config = parse(tree.read('ready.yaml', 'utf-8') ?? '');
      expect(config.runtime).toEqual({ framework: 'express', entry: 'src/index.ts' });
      expect(config.http.port).toBe(8080);
      expect(infos.join('\n')).toContain("entry src/index.ts (from package.json scripts.dev (tsx watch --clear-screen=false src/index.ts | pino-pretty)), express (src/index.ts imports it), port 8080 (the port src/index.ts listens on)");
    });

    it('changes nothing on a second run', async () => {
      await initGenerator(tree, { skipInstall: true });
      const once = files(tree);
      await initGenerator(tree, { skipInstall: true });
      expect(files(tree)).toEqual(once);
    });

    it('maps package.json main from the build output to the source', async () => {
      const t = createTree();
      app(t, { main: 'dist/server.js' }, { 'src/server.ts': EXPRESS_INDEX, 'tsconfig.json': '{ "compilerOptions": { "outDir": "./dist", "rootDir": "./src", } // built by tsc\n}\n' });
      await initGenerator(t, { skipInstall: true });
      expect(parse(t.read('ready.yaml', 'utf-8') ?? '').runtime.entry).toBe('src/server.ts');
    });
  });

  describe('refuses, writing nothing', () => {
    it('an app whose entry it cannot find, naming what it looked at', async () => {
      const tree = createTree();
      app(tree, { main: 'dist/main.js', scripts: { start: 'node dist/main.js' } }, { 'src/routes.ts': "import { Router } from 'express';\nexport const r = Router();\n" });
      const before = files(tree);
      await expect(initGenerator(tree, {})).rejects.toThrow(
        'ready:init cannot tell which file starts the app in the repository root: looked at package.json scripts.start (src/main.ts or main.ts, missing), main (src/main.ts or main.ts, missing), then src/main.ts, src/index.ts, src/server.ts, src/app.ts (none calls listen()). Pass --entry=<file>',
      );
      expect(files(tree)).toEqual(before);
    });

    it('a NestJS app', async () => {
      const tree = createTree();
      app(tree, { scripts: { start: 'node dist/main.js' } }, { 'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport type { Request } from 'express';\nasync function b() { const app = await NestFactory.create({}); await app.listen(3000); }\nb();\n" });
      const before = files(tree);
      await expect(initGenerator(tree, {})).rejects.toThrow('src/main.ts imports @nestjs/core: NestJS apps are not supported yet');
      expect(files(tree)).toEqual(before);
    });

    it('an entry given that does not exist', async () => {
      const tree = createTree();
      app(tree, {}, { 'src/index.ts': EXPRESS_INDEX });
      await expect(initGenerator(tree, { entry: 'src/app.ts' })).rejects.toThrow('--entry src/app.ts does not exist');
    });
  });

  it('in an Nx workspace, writes the ready.yaml of the project named, with its entry', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('apps/api/project.json', JSON.stringify({ name: 'api', root: 'apps/api', sourceRoot: 'apps/api/src', projectType: 'application', targets: {} }));
    tree.write('apps/api/src/main.ts', "import Fastify from 'fastify';\nconst server = Fastify();\nserver.listen({ port: 4100 });\n");
    await initGenerator(tree, { project: 'api', skipInstall: true });
    const config = parse(tree.read('apps/api/ready.yaml', 'utf-8') ?? '');
    expect(config.runtime).toEqual({ framework: 'fastify', entry: 'src/main.ts' });
    expect(config.http.port).toBe(4100);
    expect(tree.exists('project.json')).toBe(false);
  });
});
