/**
 * One workspace holding a service per matrix config, made as a user makes it: the first service with
 * ready:preset (what create-ready-service runs), the others with ready:service from their ready.yaml
 * (what `nx g ready:service <name>` runs). Each generator adds its packages, at the versions of
 * generators/utils/versions.ts, to the root package.json; one `npm install` then installs their union.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { logger } from '@nx/devkit';
import { execa } from 'execa';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import { presetGenerator } from '../../generators/preset/generator';
import { serviceGenerator } from '../../generators/service/generator';
import type { MatrixConfig } from './configs';

export interface GeneratedWorkspace {
  /** Service name → why ready:preset or ready:service threw for its config (that service is absent or partial). */
  errors: Record<string, string>;
  /** Service name → what the generators warned about (kept out of the test log; written next to the workspace). */
  warnings: Record<string, string[]>;
}

export async function generateMatrixWorkspace(dir: string, configs: MatrixConfig[]): Promise<GeneratedWorkspace> {
  if (existsSync(dir)) throw new Error(`matrix: ${dir} exists; the workspace is made in a new folder`);
  const result: GeneratedWorkspace = { errors: {}, warnings: {} };
  const { warn, info } = logger;
  let current = configs[0].name;
  const record = (...args: unknown[]) => (result.warnings[current] ??= []).push(args.map(String).join(' '));
  Object.assign(logger, { warn: record, info: record });
  try {
    const [first, ...rest] = configs;
    const tree = new FsTree(dir, false);
    tree.write(`apps/${first.name}/ready.yaml`, first.yaml);
    // Without the preset there is no workspace at all: its error is everyone's.
    await presetGenerator(tree, { name: first.name });
    for (const config of rest) {
      current = config.name;
      tree.write(`apps/${config.name}/ready.yaml`, config.yaml);
      try {
        await serviceGenerator(tree, { name: config.name });
      } catch (err) {
        result.errors[config.name] = err instanceof Error ? (err.stack ?? err.message) : String(err);
      }
    }
    flushChanges(dir, tree.listChanges());
  } finally {
    Object.assign(logger, { warn, info });
  }

  // The plugin itself is not installed: nothing the checks run (tsc, eslint, vitest) loads it, and its
  // published name does not resolve from a checkout.
  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf-8')) as { devDependencies: Record<string, string> };
  delete pkg.devDependencies.ready;
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  return result;
}

export async function installMatrixWorkspace(dir: string): Promise<void> {
  const res = await execa('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    reject: false,
    all: true,
    env: { CI: 'true' },
  });
  if (res.exitCode !== 0) throw new Error(`matrix: npm install in ${dir} exited ${res.exitCode}:\n${String(res.all).slice(-6000)}`);
}
