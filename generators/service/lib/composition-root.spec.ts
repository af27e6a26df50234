import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseConfigYaml } from '@ready-tools/config';
import { describe, expect, it } from 'vitest';
import { hasGeneratedMarker } from '../../utils/derived-files';
import { readServiceModel } from '../../utils/model';
import { serviceGenerator } from '../generator';
import { COMPOSITION_ROOT_FILE, compositionRoot, createCompositionRoot } from './composition-root';

const ROOT = 'apps/payments';
const PLUGINS = `${ROOT}/${COMPOSITION_ROOT_FILE}`;
const model = (yaml: string) => parseConfigYaml(`apiVersion: ready/v1\nservice:\n  name: payments\n${yaml}`);

/** ready:service, then the composition root (idempotent, whether or not create-files already renders it). */
async function generate(tree: Tree): Promise<void> {
  await serviceGenerator(tree, { name: 'payments', skipFormat: true });
  createCompositionRoot(tree, { projectRoot: ROOT, model: readServiceModel(tree, ROOT), regenerate: 'npx nx sync' });
}

/** The plugin names of servicePlugins, in order, as the rendered file lists them. */
function registered(tree: Tree): string[] {
  return [...tree.read(PLUGINS, 'utf-8')!.matchAll(/await app\.register\((\w+),/g)].map((m) => m[1]);
}

describe('composition root', () => {
  it('orders observability, security, then what connects; queues and caches only when declared', () => {
    const bare = compositionRoot(model(''));
    expect(bare.plugins.map((p) => [p.name, p.connects])).toEqual([
      ['observability', false],
      ['security', false],
      ['dependencies', true],
    ]);
    const full = compositionRoot(model('dependencies:\n  - name: store\n    kind: redis\nqueues:\n  - name: emails\ncache:\n  - name: prices\n    ttlSeconds: 60\n'));
    expect(full.plugins.map((p) => p.name)).toEqual(['observability', 'security', 'dependencies', 'queues', 'caches']);
    expect(full.plugins.filter((p) => p.connects).map((p) => p.name)).toEqual(['dependencies', 'queues', 'caches']);
    expect(full.serverOptions.map((s) => s.call)).toEqual(['observabilityServerOptions(env)', 'securityServerOptions()']);
    // One import per module, the plugin and its server options together.
    expect(full.imports.find((i) => i.from === '../security')?.names).toEqual(['security', 'securityServerOptions', 'type SecurityOptions']);
  });

  it('renders a derived src/config/plugins.ts that app.ts iterates, with no ready.yaml conditionals left in app.ts', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await generate(tree);
    const plugins = tree.read(PLUGINS, 'utf-8')!;
    expect(hasGeneratedMarker(PLUGINS, plugins)).toBe(true);
    expect(registered(tree)).toEqual(['observability', 'security', 'dependencies']);
    expect(plugins).toMatch(/if \(plugin\.connects && options\.connect === false\) continue;/);
    const app = tree.read(`${ROOT}/src/app.ts`, 'utf-8')!;
    expect(app).toContain('await registerServicePlugins(app, env, options);');
    expect(app).toContain('prefix: serviceConfig.http.apiPrefix');
    // Nothing in it depends on what ready.yaml declares: no feature imports beyond security's config, no EJS.
    expect(app).not.toMatch(/from '\.\/(observability|dependencies|queues|cache)'|<%/);
  });

  it('after a queue, a cache and a new basePath in ready.yaml: the plugin file registers them, app.ts and a user edit in it stay', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await generate(tree);
    const app = tree.read(`${ROOT}/src/app.ts`, 'utf-8')!;
    const edited = app.replace('  return app;\n}', "  app.get('/hello', { config: { public: true } }, async () => ({ hello: 'world' }));\n\n  return app;\n}");
    expect(edited).not.toBe(app);
    tree.write(`${ROOT}/src/app.ts`, edited);
    const testsBefore = ['test/items.test.ts', 'test/errors.test.ts'].map((f) => tree.read(`${ROOT}/${f}`, 'utf-8'));

    const yaml = tree.read(`${ROOT}/ready.yaml`, 'utf-8')!;
    tree.write(`${ROOT}/ready.yaml`, `${yaml.replace(/\n*$/, '\n')}http:\n  basePath: /api\ndependencies:\n  - name: store\n    kind: redis\nqueues:\n  - name: reports\ncache:\n  - name: prices\n    ttlSeconds: 60\n`);
    await generate(tree);

    expect(registered(tree)).toEqual(['observability', 'security', 'dependencies', 'queues', 'caches']);
    const plugins = tree.read(PLUGINS, 'utf-8')!;
    expect(plugins).toContain("import { queues } from '../queues';");
    expect(plugins).toContain("import { caches } from '../cache';");
    expect(tree.read(`${ROOT}/src/app.ts`, 'utf-8')).toBe(edited);
    expect(tree.read(`${ROOT}/src/config/service.ts`, 'utf-8')).toContain("apiPrefix: '/api/v1'");
    expect(tree.exists(`${ROOT}/src/queues/index.ts`)).toBe(true);
    expect(tree.exists(`${ROOT}/src/cache/index.ts`)).toBe(true);
    // The tests read the prefix at run time: unchanged, and still right.
    expect(['test/items.test.ts', 'test/errors.test.ts'].map((f) => tree.read(`${ROOT}/${f}`, 'utf-8'))).toEqual(testsBefore);
    expect(testsBefore[0]).toContain('const base = `${serviceConfig.http.apiPrefix}/items`;');
  });

  it('keeps a plugin file whose marker the team removed', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await generate(tree);
    tree.write(PLUGINS, '// ours now\n');
    await generate(tree);
    expect(tree.read(PLUGINS, 'utf-8')).toBe('// ours now\n');
  });
});

describe('tests that belong to their features', () => {
  it('security and observability render their tests; no generated test hard-codes a route or reads ready.yaml at render time', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await generate(tree);
    const security = tree.read(`${ROOT}/test/security.test.ts`, 'utf-8')!;
    // Derived: which schemes and limits it proves follows ready.yaml on every run.
    expect(hasGeneratedMarker(`${ROOT}/test/security.test.ts`, security)).toBe(true);
    for (const file of ['health', 'logging', 'metrics', 'request-id', 'shutdown']) expect(tree.exists(`${ROOT}/test/${file}.test.ts`), file).toBe(true);
    const tests = tree.children(`${ROOT}/test`).filter((f) => f.endsWith('.test.ts')).map((f) => tree.read(`${ROOT}/test/${f}`, 'utf-8')!);
    for (const text of tests) expect(text).not.toMatch(/['"`]\/v1\/items/);
  });

  it('an auth mode changed in ready.yaml rewrites test/security.test.ts', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await generate(tree);
    expect(tree.read(`${ROOT}/test/security.test.ts`, 'utf-8')).toContain("['malformed token'");
    const yaml = tree.read(`${ROOT}/ready.yaml`, 'utf-8')!;
    expect(yaml).not.toMatch(/^auth:/m);
    tree.write(`${ROOT}/ready.yaml`, `${yaml.replace(/\n*$/, '\n')}auth:\n  mode: api-key\n`);
    await generate(tree);
    const security = tree.read(`${ROOT}/test/security.test.ts`, 'utf-8')!;
    expect(security).toContain('401 for a wrong API key');
    expect(security).not.toContain("['malformed token'");
  });
});
