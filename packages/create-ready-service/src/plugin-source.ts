import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './errors';
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

const packed = new Map<string, Promise<string>>();

/** `npm pack` the checkout's plugin once per process; resolves to the tarball's absolute path. */
export function packReadyCheckout(pluginDir: string): Promise<string> {
  let tarball = packed.get(pluginDir);
  if (!tarball) {
    tarball = pack(pluginDir);
    tarball.catch(() => packed.delete(pluginDir));
    packed.set(pluginDir, tarball);
  }
  return tarball;
}

async function pack(pluginDir: string): Promise<string> {
  assertBuilt(pluginDir);
  const { execa } = await import('execa');
  const destination = mkdtempSync(path.join(os.tmpdir(), 'create-ready-service-'));
  const result = await execa('npm', ['pack', '--json', '--pack-destination', destination], { cwd: pluginDir, reject: false, all: true });
  if (result.exitCode !== 0) {
    throw new CliError(`Packing the ready plugin from ${pluginDir} failed:\n${tail(result.all ?? '', 20)}`);
  }
  // npm prints lifecycle output before the JSON array; the array is the last thing on stdout.
  const start = result.stdout.search(/^\[\s*$/m);
  const [info] = JSON.parse(result.stdout.slice(Math.max(0, start))) as { filename: string }[];
  return path.join(destination, info.filename);
}

export interface PackageSpecInput {
  env: NodeJS.ProcessEnv;
  cliDir?: string;
  /** Skip `npm pack` (dry runs): the default spec is good enough for listing files. */
  dryRun?: boolean;
}

/**
 * What the new workspace installs under the alias "ready". READY_PACKAGE_SPEC wins; a checkout
 * packs itself; an installed CLI returns undefined so the preset uses the published version.
 */
export async function resolveReadyPackageSpec({ env, cliDir = __dirname, dryRun = false }: PackageSpecInput): Promise<string | undefined> {
  if (env.READY_PACKAGE_SPEC) return env.READY_PACKAGE_SPEC;
  const checkout = findReadyCheckout(cliDir);
  if (!checkout || dryRun) return undefined;
  return `file:${await packReadyCheckout(checkout)}`;
}

export function tail(text: string, lines: number): string {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}
