/**
 * The generated Dockerfile, proven with podman on the shared e2e workspace: the image builds from the
 * workspace root, serves /health/ready, runs as a non-root uid, carries no devDependencies or sources,
 * and a `podman stop` (SIGTERM) ends it with exit code 0 within the grace period.
 *
 * Needs root (podman is installed and configured by tools/podman/setup.sh). Runs when CI=true or
 * READY_E2E_CONTAINERS is set; skipped otherwise, because the first run builds a base image (~50 s).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseConfigYaml } from '@ready-tools/config';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_SERVICE } from './support/global-setup';
import { e2eServiceEnv } from './support/service-env';
import { freePort } from './support/service-process';
import { repoRoot, run } from './support/workspace';

const enabled = process.env.CI === 'true' || Boolean(process.env.READY_E2E_CONTAINERS);
const name = E2E_SERVICE;
const ws = inject('workspace');
const podmanDir = process.env.READY_PODMAN_DIR ?? '/var/tmp/ready-podman';
const podmanEnv = {
  READY_PODMAN_DIR: podmanDir,
  CONTAINERS_CONF: path.join(podmanDir, 'containers.conf'),
  CONTAINERS_STORAGE_CONF: path.join(podmanDir, 'storage.conf'),
  TMPDIR: path.join(podmanDir, 'tmp'),
};
const runId = randomBytes(4).toString('hex');
const image = `localhost/ready-e2e/${name}:${runId}`;
const container = `ready-e2e-${name}-${runId}`;
const dockerfile = `apps/${name}/Dockerfile`;
const timings: Record<string, string> = {};
/** Workspace files the generator created or changed here, put back afterwards so other e2e files see the workspace as it was. */
let createdByUs: string[] = [];
let changedByUs: string[] = [];
let port: number;

const podman = (args: string[]) => run('podman', args, { cwd: ws, env: podmanEnv });

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings[label] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  }
}

async function gitStatus(): Promise<Map<string, string>> {
  const { stdout } = await run('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ws });
  return new Map(stdout.split('\n').filter(Boolean).map((l) => [l.slice(3), l.slice(0, 2)]));
}

async function waitForReady(timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return res.status;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const logs = await execa('podman', ['logs', container], { env: podmanEnv, reject: false, all: true });
  throw new Error(`/health/ready not 200 after ${timeoutMs} ms (${last}). Container logs:\n${logs.all}`);
}

describe.skipIf(!enabled)('container image (podman)', () => {
  beforeAll(async () => {
    const before = await gitStatus();
    await timed('nx g ready:add-docker', () => run('npx', ['nx', 'g', 'ready:add-docker', `--project=${name}`, '--no-interactive'], { cwd: ws }));
    const after = await gitStatus();
    createdByUs = [...after].filter(([p, s]) => s === '??' && !before.has(p)).map(([p]) => p);
    changedByUs = [...after].filter(([p, s]) => s !== '??' && !before.has(p)).map(([p]) => p);
    expect(existsSync(path.join(ws, dockerfile))).toBe(true);

    const setup = await timed('podman setup (base image when missing)', () => run('bash', [path.join(repoRoot, 'tools/podman/setup.sh')], { cwd: repoRoot, env: podmanEnv }));
    console.log(setup.all.trim());
    await timed('image build', () =>
      podman(['build', '--pull=never', '--format', 'docker', '--network=host', '-f', dockerfile, '-t', image, '.']),
    );
  });

  afterAll(async () => {
    await execa('podman', ['rm', '--force', '--ignore', container], { env: podmanEnv, reject: false });
    await execa('podman', ['rmi', '--force', image], { env: podmanEnv, reject: false });
    // Intermediate layers of this build; the base image is kept for the next run.
    await execa('podman', ['image', 'prune', '--force'], { env: podmanEnv, reject: false });
    for (const file of createdByUs) rmSync(path.join(ws, file), { force: true });
    if (changedByUs.length > 0) await execa('git', ['checkout', '--', ...changedByUs], { cwd: ws, reject: false });
    console.log(`container e2e timings: ${JSON.stringify(timings)}`);
  });

  it('the image runs the service: /health/ready answers 200', async () => {
    port = await freePort();
    const env = { ...e2eServiceEnv(), PORT: String(port), HOST: '127.0.0.1' };
    await podman(['run', '--detach', '--name', container, '--network=host', '--pull=never', ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]), image]);
    expect(await timed('start to ready', () => waitForReady(30_000))).toBe(200);
  });

  it('DF-03: the process runs as a numeric non-root user', async () => {
    const uid = (await podman(['exec', container, 'id', '-u'])).stdout.trim();
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(10000);
    const configured = (await podman(['image', 'inspect', '--format', '{{.Config.User}}', image])).stdout.trim();
    expect(configured).toMatch(/^\d+:\d+$/);
    expect(configured.split(':')[0]).toBe(uid);
    // PID 1 is node itself (exec-form CMD), so SIGTERM reaches the app.
    const pid1 = (await podman(['exec', container, 'cat', '/proc/1/cmdline'])).stdout.split('\0').filter(Boolean);
    expect(pid1[0]).toMatch(/(^|\/)node$/);
  });

  it('DF-01: the image holds production dependencies only, and no TypeScript sources', async () => {
    const listing = await podman([
      'exec',
      container,
      'node',
      '-e',
      `const fs = require('fs');
       const names = [];
       for (const d of fs.readdirSync('node_modules')) {
         if (d.startsWith('.')) continue;
         if (d.startsWith('@')) for (const s of fs.readdirSync('node_modules/' + d)) names.push(d + '/' + s);
         else names.push(d);
       }
       console.log(JSON.stringify({ top: fs.readdirSync('.').sort(), modules: names }));`,
    ]);
    const { top, modules } = JSON.parse(listing.stdout) as { top: string[]; modules: string[] };
    expect(top).toEqual(['dist', 'node_modules']);
    const installed = new Set(modules);
    // The lockfile says which top-level packages are dev-only; none of them may be in the image.
    type LockEntry = { dev?: boolean; optional?: boolean; devOptional?: boolean; peer?: boolean };
    const lock = JSON.parse(readFileSync(path.join(ws, 'package-lock.json'), 'utf-8')) as { packages: Record<string, LockEntry> };
    const topLevel = Object.entries(lock.packages).filter(([p]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(p));
    const devOnly = topLevel.filter(([, e]) => e.dev).map(([p]) => p.slice('node_modules/'.length));
    // Optional and peer packages depend on the platform and on who asks for them; the rest must all be there.
    const prod = topLevel.filter(([, e]) => !e.dev && !e.optional && !e.devOptional && !e.peer).map(([p]) => p.slice('node_modules/'.length));
    expect(devOnly).toEqual(expect.arrayContaining(['typescript', 'vitest', 'nx']));
    expect(devOnly.filter((p) => installed.has(p))).toEqual([]);
    expect(prod.filter((p) => !installed.has(p))).toEqual([]);
    expect(installed.has('fastify')).toBe(true);

    const sources = await podman(['exec', container, 'find', '/app', '-path', '/app/node_modules', '-prune', '-o', '-type', 'f', '-name', '*.ts', '-print']);
    expect(sources.stdout.trim()).toBe('');
    const main = await podman(['exec', container, 'test', '-f', `/app/dist/apps/${name}/main.js`]);
    expect(main.stdout).toBe('');
  });

  it('SIGTERM (podman stop): readiness turns 503 at once, then the process exits 0 within the grace period', async () => {
    const model = parseConfigYaml(readFileSync(path.join(ws, `apps/${name}/ready.yaml`), 'utf-8'));
    // The app's own force-exit deadline, plus room for podman itself.
    const grace = Math.ceil(model.observability.shutdown.timeoutMs / 1000) + 10;
    const started = Date.now();
    const stop = execa('podman', ['stop', '--time', String(grace), container], { env: podmanEnv, reject: false, all: true });
    let sawNotReady = false;
    while (Date.now() - started < 5_000) {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      if (res?.status === 503) {
        sawNotReady = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const stopped = await stop;
    const elapsed = (Date.now() - started) / 1000;
    timings['podman stop'] = `${elapsed.toFixed(1)} s`;
    expect(stopped.exitCode, stopped.all).toBe(0);
    expect(sawNotReady).toBe(true);
    const exitCode = (await podman(['inspect', '--format', '{{.State.ExitCode}}', container])).stdout.trim();
    // Exit 0 proves the drain finished on its own: the app forces exit 1 at its timeout, and podman's SIGKILL at the grace gives 137.
    expect(exitCode).toBe('0');
    const logs = await podman(['logs', container]);
    expect(logs.all).toMatch(/SIGTERM/);
  });
});
