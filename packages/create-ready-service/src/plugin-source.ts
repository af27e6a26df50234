import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, Interrupted } from './errors';
import type { ReadyPluginApi } from './plugin-api';

const PLUGIN_PACKAGE = '@ready-tools/ready';

/**
 * When the CLI runs from a checkout of the ready repo (packages/create-ready-service/dist), the
 * plugin is its sibling packages/ready. Returns that folder, or undefined for an installed CLI.
 */
export function findReadyCheckout(cliDir: string = __dirname): string | undefined {
  const pluginDir = path.resolve(cliDir, '..', '..', 'ready');
  const manifest = path.join(pluginDir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    return JSON.parse(readFileSync(manifest, 'utf-8')).name === PLUGIN_PACKAGE ? pluginDir : undefined;
  } catch {
    return undefined;
  }
}

function assertBuilt(pluginDir: string): string {
  const entry = path.join(pluginDir, 'dist', 'index.js');
  if (!existsSync(entry)) {
    const repoRoot = path.resolve(pluginDir, '..', '..');
    throw new CliError(`The ready plugin in this checkout is not built (${entry} is missing). Run "npm run build" in ${repoRoot}, then try again.`);
  }
  return entry;
}

/** The plugin's public API: from the checkout's build when there is one, else the installed dependency. */
export function loadReadyPlugin(cliDir: string = __dirname): ReadyPluginApi {
  const checkout = findReadyCheckout(cliDir);
  return checkout ? require(assertBuilt(checkout)) : require('@ready-tools/ready');
}

/** The plugin packed from a checkout: its file name and bytes. The workspace keeps it in tools/. */
export interface PackedPlugin {
  filename: string;
  content: Buffer;
}

const packed = new Map<string, Promise<PackedPlugin>>();

/** `npm pack` the checkout's plugin once per process, in a temporary directory that is removed at once. */
export function packReadyCheckout(pluginDir: string, signal?: AbortSignal): Promise<PackedPlugin> {
  let tarball = packed.get(pluginDir);
  if (!tarball) {
    tarball = pack(pluginDir, signal);
    tarball.catch(() => packed.delete(pluginDir));
    packed.set(pluginDir, tarball);
  }
  return tarball;
}

async function pack(pluginDir: string, signal?: AbortSignal): Promise<PackedPlugin> {
  assertBuilt(pluginDir);
  const { execa } = await import('execa');
  const destination = mkdtempSync(path.join(os.tmpdir(), 'create-ready-service-'));
  try {
    const result = await execa('npm', ['pack', '--json', '--pack-destination', destination], {
      cwd: pluginDir,
      reject: false,
      all: true,
      stdin: 'ignore',
      ...(signal ? { cancelSignal: signal } : {}),
    });
    if (result.isCanceled) throw new Interrupted('Interrupted. Nothing was written.');
    if (result.exitCode !== 0) {
      throw new CliError(`Packing the ready plugin from ${pluginDir} failed:\n${tail(result.all ?? '', 20)}`);
    }
    // npm prints lifecycle output before the JSON array; the array is the last thing on stdout.
    const start = result.stdout.search(/^\[\s*$/m);
    const [info] = JSON.parse(result.stdout.slice(Math.max(0, start))) as { filename: string }[];
    return { filename: info.filename, content: readFileSync(path.join(destination, info.filename)) };
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
}

/** Where the new workspace keeps a plugin packed from a checkout, relative to its root. */
export const LOCAL_PLUGIN_DIR = 'tools';

export interface PackageSpecInput {
  env: NodeJS.ProcessEnv;
  cliDir?: string;
  /** Skip `npm pack` (dry runs): the tarball is listed, not made. */
  dryRun?: boolean;
  /** Aborts a running `npm pack` (Ctrl-C). */
  signal?: AbortSignal;
}

export interface ReadyPackage {
  /** What package.json installs under the alias "ready"; undefined = the published version. */
  spec?: string;
  /** A tarball to place in the workspace (path relative to its root), when the spec points into it. */
  tarball?: { path: string; content: Buffer };
}

/**
 * What the new workspace installs under the alias "ready". READY_PACKAGE_SPEC wins; a checkout packs
 * itself into the workspace's tools/ folder and refers to it by a relative path, so a clone of the
 * workspace installs anywhere (`npm ci`); an installed CLI uses the published version.
 */
export async function resolveReadyPackage({ env, cliDir = __dirname, dryRun = false, signal }: PackageSpecInput): Promise<ReadyPackage> {
  if (env.READY_PACKAGE_SPEC) return { spec: env.READY_PACKAGE_SPEC };
  const checkout = findReadyCheckout(cliDir);
  if (!checkout) return {};
  const plugin = dryRun ? { filename: tarballName(checkout), content: Buffer.alloc(0) } : await packReadyCheckout(checkout, signal);
  const file = `${LOCAL_PLUGIN_DIR}/${plugin.filename}`;
  return { spec: `file:./${file}`, tarball: { path: file, content: plugin.content } };
}

/** npm pack's file name: "@ready-tools/ready" 0.1.0 -> ready-tools-ready-0.1.0.tgz. */
function tarballName(pluginDir: string): string {
  const { name, version } = JSON.parse(readFileSync(path.join(pluginDir, 'package.json'), 'utf-8')) as { name: string; version: string };
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

export function tail(text: string, lines: number): string {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}
