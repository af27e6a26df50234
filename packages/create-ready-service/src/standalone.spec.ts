import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './test-support';

/** Where a checkout's plugin is packed to: tools/ready-tools-ready-<version>.tgz. */
const TARBALL = `tools/ready-tools-ready-${(JSON.parse(readFileSync(path.resolve(__dirname, '../../ready/package.json'), 'utf-8')) as { version: string }).version}.tgz`;

// A workspace made from this checkout must stand alone: its clone installs with `npm ci` anywhere, because
// the plugin tarball lives inside it. One real install (from npm's cache where it can), then a clone elsewhere.
const builtCli = path.resolve(__dirname, '../bin/create-ready-service.js');
const tempEntries = () => readdirSync(os.tmpdir()).filter((e) => e.startsWith('create-ready-service-'));

describe('a workspace created from a checkout', () => {
  let root: string;
  let workspace: string;
  let tempBefore: string[];
  let created: { status: number | null; stdout: string; stderr: string };

  beforeAll(() => {
    root = tempDir('crs-standalone-');
    workspace = path.join(root, 'alone');
    tempBefore = tempEntries();
    // The lockfile keeps each package's resolved URL (npm's default, whatever this machine's npm config says), so
    // the clone's `npm ci` fetches exactly those tarballs and never depends on a registry's metadata being current.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', npm_config_prefer_offline: 'true', npm_config_omit_lockfile_registry_resolved: 'false' };
    const res = spawnSync(process.execPath, [builtCli, 'alone', '--yes', '--auth', 'api-key'], { cwd: root, env, encoding: 'utf-8', timeout: 540_000 });
    created = { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }, 600_000);
  // Two installed workspaces: removing them takes a while on a busy machine.
  afterAll(() => rmSync(root, { recursive: true, force: true }), 300_000);

  it('installs, commits, and keeps the plugin in tools/ under a relative file: path', () => {
    expect(created.status, `${created.stdout}\n${created.stderr}`).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(workspace, 'package.json'), 'utf-8'));
    expect(pkg.devDependencies.ready).toBe(`file:./${TARBALL}`);
    const lock = JSON.parse(readFileSync(path.join(workspace, 'package-lock.json'), 'utf-8'));
    expect(lock.packages['node_modules/ready'].resolved).toBe(`file:${TARBALL}`);
    const tracked = execFileSync('git', ['ls-files'], { cwd: workspace, encoding: 'utf-8' }).split('\n');
    expect(tracked).toContain(TARBALL);
    expect(tracked).toContain('package-lock.json');
    // The local .env holds a secret: on disk, never in the repository.
    expect(existsSync(path.join(workspace, 'apps/alone/.env'))).toBe(true);
    expect(tracked).not.toContain('apps/alone/.env');
  });

  it('leaves no temporary directory behind', () => {
    expect(tempEntries()).toEqual(tempBefore);
  });

  it('installs from a clone in another directory with npm ci', () => {
    const clone = path.join(root, 'elsewhere', 'clone');
    execFileSync('git', ['clone', '-q', workspace, clone]);
    const ci = (cache: string) => spawnSync('npm', ['ci', cache, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: clone, encoding: 'utf-8', timeout: 240_000 });
    let res = ci('--prefer-offline');
    // Metadata cached by another install can be older than the version locked (ETARGET): that is the cache, not the
    // workspace, so once more with the cache revalidated.
    if (res.status !== 0 && /ETARGET/.test(res.stderr)) res = ci('--prefer-online');
    expect(res.status, `${res.stdout}\n${res.stderr}`).toBe(0);
    expect(JSON.parse(readFileSync(path.join(clone, 'node_modules/ready/package.json'), 'utf-8')).name).toBe('@ready-tools/ready');
    expect(existsSync(path.join(clone, 'node_modules/ready/generators.json'))).toBe(true);
  }, 600_000);
});
