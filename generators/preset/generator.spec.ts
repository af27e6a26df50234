import { readJson, type Tree } from '@nx/devkit';
import { createTree } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import readyPackage from '../../packages/ready/package.json';

// The preset's job is the workspace root and handing over to ready:service; the service
// generator has its own tests, so here it only records what it was given.
const serviceGenerator = vi.hoisted(() => vi.fn(async (_tree: unknown, _options: unknown) => () => undefined));
vi.mock('../service/generator', () => ({ serviceGenerator }));

import presetGenerator, { presetGenerator as namedPreset } from './generator';

describe('ready:preset', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTree();
    serviceGenerator.mockClear();
  });

  it('is exported as default and by name', () => {
    expect(namedPreset).toBe(presetGenerator);
  });

  it('writes a private root package.json with run-many scripts and the plugin under the alias "ready"', async () => {
    await presetGenerator(tree, { name: 'payments', skipFormat: true });
    const pkg = readJson(tree, 'package.json');
    expect(pkg.private).toBe(true);
    expect(pkg.name).toBe('@payments/source');
    expect(pkg.scripts).toMatchObject({
      build: 'nx run-many -t build',
      test: 'nx run-many -t test',
      lint: 'nx run-many -t lint',
    });
    expect(pkg.devDependencies.ready).toBe(`npm:@ready-tools/ready@${readyPackage.version}`);
    expect(pkg.devDependencies.nx).toBe('22.7.9');
  });

  it('uses the given package spec for the plugin (a tarball when run from a checkout)', async () => {
    await presetGenerator(tree, { name: 'payments', readyPackageSpec: 'file:/tmp/ready-tools-ready-0.1.0.tgz', skipFormat: true });
    expect(readJson(tree, 'package.json').devDependencies.ready).toBe('file:/tmp/ready-tools-ready-0.1.0.tgz');
  });

  it('writes nx.json with cached build/test/lint/typecheck and ready:sync as the global sync generator', async () => {
    await presetGenerator(tree, { name: 'payments', skipFormat: true });
    const nx = readJson(tree, 'nx.json');
    for (const target of ['build', 'test', 'lint', 'typecheck']) expect(nx.targetDefaults[target].cache).toBe(true);
    expect(nx.targetDefaults.build.dependsOn).toEqual(['^build']);
    expect(nx.namedInputs.production).toContain('!{projectRoot}/**/*.spec.ts');
    expect(nx.sync).toEqual({ globalGenerators: ['ready:sync'] });
    expect(nx.cli).toBeUndefined();
  });

  it('records a non-npm package manager in nx.json', async () => {
    await presetGenerator(tree, { name: 'payments', packageManager: 'pnpm', skipFormat: true });
    expect(readJson(tree, 'nx.json').cli).toEqual({ packageManager: 'pnpm' });
  });

  it('writes tsconfig.base.json, .gitignore, .editorconfig and a README pointing at the service', async () => {
    await presetGenerator(tree, { name: 'payments', skipFormat: true });
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions).toMatchObject({ module: 'commonjs', strict: true, target: 'ES2022' });
    const gitignore = tree.read('.gitignore', 'utf-8')!.split('\n');
    expect(gitignore).toEqual(expect.arrayContaining(['node_modules', 'dist', '.nx', '.env', '!.env.example']));
    expect(tree.read('.editorconfig', 'utf-8')).toContain('indent_size = 2');
    const readme = tree.read('README.md', 'utf-8')!;
    expect(readme).toContain('apps/payments/ready.yaml');
    expect(readme).toContain('npx nx serve payments');
  });

  it('hands over to ready:service for apps/<name> with the answers', async () => {
    await presetGenerator(tree, { name: 'payments', description: 'Takes payments', owner: 'team-pay', port: 8080, authMode: 'api-key', skipFormat: true });
    expect(serviceGenerator).toHaveBeenCalledTimes(1);
    expect(serviceGenerator.mock.calls[0][1]).toMatchObject({
      name: 'payments',
      directory: 'apps/payments',
      description: 'Takes payments',
      owner: 'team-pay',
      port: 8080,
      authMode: 'api-key',
      skipFormat: true,
    });
  });

  it('keeps what an existing root already has', async () => {
    tree.write('package.json', JSON.stringify({ name: 'acme', scripts: { build: 'custom' }, devDependencies: { left: '1.0.0' } }));
    tree.write('.gitignore', 'node_modules\nsecrets/\n');
    await presetGenerator(tree, { name: 'payments', skipFormat: true });
    const pkg = readJson(tree, 'package.json');
    expect(pkg.name).toBe('acme');
    expect(pkg.scripts.build).toBe('custom');
    expect(pkg.devDependencies).toMatchObject({ left: '1.0.0', ready: expect.stringContaining('@ready-tools/ready') });
    const gitignore = tree.read('.gitignore', 'utf-8')!;
    expect(gitignore).toContain('secrets/');
    expect(gitignore.match(/^node_modules$/gm)).toHaveLength(1);
    expect(gitignore).toContain('.env');
  });

  it('rejects a name that is not kebab-case', async () => {
    await expect(presetGenerator(tree, { name: 'Payments API' })).rejects.toThrow(/kebab-case/);
    expect(serviceGenerator).not.toHaveBeenCalled();
  });
});
