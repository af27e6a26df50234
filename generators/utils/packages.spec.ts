import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installEnv } from './install-env';
import { logger } from '@nx/devkit';
import { addPackages, installOrSkip } from './packages';

/** A local package `npm install` can install without a registry. */
function localPackage(root: string, name: string): string {
  const dir = path.join(root, 'pkgs', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
  return `file:./pkgs/${name}`;
}

describe('installs of the add-* generators', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('drop NODE_ENV and npm production settings from the environment, keeping the rest', () => {
    const env = installEnv({ NODE_ENV: 'production', npm_config_omit: 'dev', NPM_CONFIG_PRODUCTION: 'true', PATH: '/bin', npm_config_cache: '/c' });
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' });
  });

  it('keep the dev dependencies when the app\'s .env (loaded by Nx) says NODE_ENV=production', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ready-install-'));
    dirs.push(root);
    const tool = localPackage(root, 'dev-tool');
    const runtime = localPackage(root, 'runtime-lib');
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', devDependencies: { 'dev-tool': tool } }, null, 2));
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('NX_GENERATE_QUIET', 'true');
    const tree = new FsTree(root, false);
    const install = addPackages(tree, { dependencies: { 'runtime-lib': runtime } });
    flushChanges(root, tree.listChanges());
    install();
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf-8')).dependencies).toEqual({ 'runtime-lib': runtime });
    expect(existsSync(path.join(root, 'node_modules/runtime-lib/package.json'))).toBe(true);
    // With NODE_ENV=production inherited, npm would have left the dev dependency out.
    expect(existsSync(path.join(root, 'node_modules/dev-tool/package.json'))).toBe(true);
  }, 120_000);

  it('--skip-install writes package.json, installs nothing, and names the command to run', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ready-install-'));
    dirs.push(root);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }, null, 2));
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    const runtime = localPackage(root, 'runtime-lib');
    const tree = new FsTree(root, false);
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const done = installOrSkip(tree, true, [addPackages(tree, { dependencies: { 'runtime-lib': runtime } })]);
    flushChanges(root, tree.listChanges());
    done();
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf-8')).dependencies).toEqual({ 'runtime-lib': runtime });
    expect(existsSync(path.join(root, 'node_modules'))).toBe(false);
    expect(info.mock.calls.flat().join('\n')).toContain('--skip-install: package.json lists the packages the generated code imports; run `npm install`');
    info.mockRestore();
  });
});
