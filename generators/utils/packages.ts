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

const majorOf = (range: string): number | undefined => {
  const m = /(\d+)\./.exec(range) ?? /(\d+)/.exec(range);
  return m ? Number(m[1]) : undefined;
};

/**
 * Add packages to an existing app's package.json without moving any package it already has to another major: its
 * code depends on that major (zod 3 schemas, pino 9 transports). A package it has in the same major is raised to ready's
 * minimum; one in another major keeps the app's version, or takes `otherMajors[name][major]` when ready's code needs a
 * later minor of it. Returns the install task and, for the person running the generator, what was kept.
 */
export function addPackagesToApp(
  tree: Tree,
  dependencies: Record<string, string>,
  otherMajors: Record<string, Record<number, string>> = {},
  dev = false,
): { task: GeneratorCallback; kept: string[] } {
  const pkg = tree.exists('package.json') ? (JSON.parse(tree.read('package.json', 'utf-8') ?? '{}') as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }) : {};
  const add: Record<string, string> = {};
  const kept: string[] = [];
  for (const [name, range] of Object.entries(dependencies)) {
    const current = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
    const have = current ? majorOf(current) : undefined;
    const want = majorOf(range);
    if (!current || have === undefined || have === want) add[name] = range;
    else if (otherMajors[name]?.[have]) add[name] = otherMajors[name][have];
    else kept.push(`${name} ${current} (ready's code is tested with ${range})`);
  }
  const before = tree.read('package.json', 'utf-8') ?? '';
  addDependenciesToPackageJson(tree, dev ? {} : add, dev ? add : {}, 'package.json', false);
  // In the app's own indentation (tabs, 4 spaces), not Nx's two spaces: only the dependency lines change.
  const indent = /^\{\r?\n([ \t]+)"/.exec(before)?.[1];
  const after = tree.read('package.json', 'utf-8') ?? '';
  if (indent && indent !== '  ' && after !== before) tree.write('package.json', `${JSON.stringify(JSON.parse(after), null, indent)}\n`);
  return { task: installTask(tree), kept };
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
