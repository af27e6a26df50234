import { execSync } from 'node:child_process';
import { addDependenciesToPackageJson, detectPackageManager, getPackageManagerCommand, logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import type { FeaturePackages } from './feature';
import { installEnv } from './install-env';

let installedFor: string | undefined;

/** Install once the generator has written package.json (once per content, like Nx's own task), in a clean environment. */
function installTask(tree: Tree): GeneratorCallback {
  return () => {
    if (!tree.listChanges().some((change) => change.path === 'package.json')) return;
    const manifest = tree.read('package.json', 'utf-8') ?? '';
    if (installedFor === manifest) return;
    installedFor = manifest;
    const command = getPackageManagerCommand(detectPackageManager(tree.root)).install;
    try {
      execSync(command, { cwd: tree.root, stdio: process.env.NX_GENERATE_QUIET === 'true' ? 'ignore' : 'inherit', env: installEnv(), windowsHide: true });
    } catch (err) {
      const status = (err as { status?: number }).status;
      logger.error(`ready: \`${command}\` failed${status === undefined ? '' : ` (exit ${status})`}. The generated files and package.json are written; run \`${command}\` in ${tree.root} to install the packages.`);
      throw err;
    }
  };
}

/**
 * Add a feature's packages to the workspace's package.json and return the install task. `keepExisting`: a version
 * the workspace already pins wins (addDependenciesToPackageJson never downgrades either way).
 */
export function addPackages(tree: Tree, packages: FeaturePackages, keepExisting = true): GeneratorCallback {
  addDependenciesToPackageJson(tree, packages.dependencies ?? {}, packages.devDependencies ?? {}, 'package.json', keepExisting);
  return installTask(tree);
}

/**
 * What a generator returns to Nx: its install tasks in order, or with `--skip-install` a note (when package.json
 * changed) of the command that installs what it added.
 */
export function installOrSkip(tree: Tree, skipInstall: boolean | undefined, tasks: GeneratorCallback[]): GeneratorCallback {
  if (!skipInstall) return runTasksInSerial(...tasks);
  return () => {
    if (!tree.listChanges().some((change) => change.path === 'package.json')) return;
    const command = getPackageManagerCommand(detectPackageManager(tree.root)).install;
    logger.info(`ready: --skip-install: package.json lists the packages the generated code imports; run \`${command}\` before building.`);
  };
}
