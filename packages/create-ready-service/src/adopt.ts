import { existsSync } from 'node:fs';
import path from 'node:path';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { addPackagesToApp } from '../../../generators/utils/packages';
import cliPackage from '../package.json';
import type { CliArgs, PackageManager } from './args';
import { CliError } from './errors';
import { installDependencies, installFailureMessage } from './install';
import type { ReadyPluginApi } from './plugin-api';
import { loadReadyPlugin, resolveReadyPackage } from './plugin-source';
import { shellQuote } from './shell';
import type { Ui } from './ui';

/** The lockfile that says which package manager an app uses, in the order they are looked for. */
const LOCKFILES: [file: string, pm: PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** The app's package manager: its lockfile's, or --package-manager (refused when the lockfile says otherwise), else npm. */
export function appPackageManager(dir: string, given: PackageManager | undefined): { pm: PackageManager; lockfile?: string } {
  const found = LOCKFILES.find(([file]) => existsSync(path.join(dir, file)));
  if (found && given && given !== found[1]) {
    throw new CliError(
      `--package-manager ${given}, but the app's lockfile is ${found[0]} (${found[1]}): installing with ${given} would resolve every dependency again. Drop --package-manager, or remove ${found[0]} first if you mean to switch.`,
    );
  }
  return found ? { pm: found[1], lockfile: found[0] } : { pm: given ?? 'npm' };
}

async function assertAvailable(pm: PackageManager, lockfile: string | undefined): Promise<void> {
  const { execa } = await import('execa');
  const res = await execa(pm, ['--version'], { reject: false, stdin: 'ignore' });
  if (res.exitCode === 0 && !res.failed) return;
  throw new CliError(
    `The app uses ${pm}${lockfile ? ` (${lockfile})` : ''}, which is not installed here. Install it (e.g. \`corepack enable ${pm}\` or \`npm install -g ${pm}\`) and run this again. Nothing was written.`,
  );
}

export interface AdoptContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  plugin?: ReadyPluginApi;
  signal?: AbortSignal;
}

/**
 * `create-ready-service --adopt [dir]`: ready:init on the app in dir (its entry, framework and port, an Nx project at
 * its root, ready:sync, ready.yaml), plus nx and the plugin as dev dependencies, installed with the app's own package
 * manager (no other dependency resolved again). Everything that can refuse runs before the first write.
 */
export async function adopt(args: CliArgs, ctx: AdoptContext, ui: Ui, shownDir: (dir: string) => string): Promise<number> {
  const dir = path.resolve(ctx.cwd, args.directory ?? '.');
  const shown = shellQuote(shownDir(dir));
  if (!existsSync(path.join(dir, 'package.json'))) {
    throw new CliError(`${shown} has no package.json: --adopt takes an existing Node app. To create a new service there, run create-ready-service without --adopt.`);
  }
  const { pm, lockfile } = appPackageManager(dir, args.packageManager);
  if (!args.skipInstall && !args.dryRun) await assertAvailable(pm, lockfile);
  const plugin = ctx.plugin ?? loadReadyPlugin();
  if (!plugin.initGenerator) throw new CliError('This ready plugin has no init generator (it is older than the CLI); install a matching create-ready-service.');

  const tree = new FsTree(dir, false);
  const hadNx = tree.exists('nx.json');
  try {
    await plugin.initGenerator(tree, { name: args.answers.name, entry: args.entry, skipInstall: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  // The plugin: a checkout packs itself into tools/ (so a clone of the app installs anywhere), else the published one.
  const readyPackage = await resolveReadyPackage({ env: ctx.env, dryRun: args.dryRun, signal: ctx.signal });
  if (readyPackage.tarball) tree.write(readyPackage.tarball.path, readyPackage.tarball.content);
  addPackagesToApp(tree, { ready: readyPackage.spec ?? `npm:@ready-tools/ready@${cliPackage.version}` }, {}, true);
  const changes = tree.listChanges();

  if (args.dryRun) {
    for (const change of changes) ui.log(`${ui.green(change.type)} ${path.join(shownDir(dir), change.path)}`);
    ui.log();
    ui.log(`Dry run: ${changes.length} files would be written in ${shown}. Nothing was written.`);
    return 0;
  }
  flushChanges(dir, changes);
  ui.log(`${ui.green('✔')} ${hadNx ? 'Added ready to the Nx workspace' : 'Made the app an Nx project'} in ${shown}: ${changes.map((c) => c.path).join(', ')}`);

  const cd = dir === ctx.cwd ? '' : `cd ${shown} && `;
  if (args.skipInstall) {
    ui.log(ui.dim(`Skipped installing (--skip-install); run ${cd}${pm} install.`));
  } else {
    const result = await installDependencies(dir, pm, ui, ctx.signal);
    if (!result.ok) {
      ui.error(installFailureMessage(result, shownDir(dir), pm));
      return 1;
    }
    ui.log(`${ui.green('✔')} Installed nx and ready with ${pm} in ${result.seconds}s`);
  }
  const exec = pm === 'npm' ? 'npx' : pm === 'pnpm' ? 'pnpm exec' : 'yarn';
  const project = (JSON.parse(tree.read('project.json', 'utf-8') ?? '{}') as { name?: string }).name;
  ui.log();
  if (project) {
    ui.log('Next: review ready.yaml (it says the entry, framework and port found), commit, then');
    ui.log(`  ${cd}${exec} nx g ready:add-observability ${project}`);
  } else {
    // An Nx workspace of several projects: ready:init registered ready:sync; which app to adopt is the team's call.
    ui.log('Next: adopt an app of the workspace, then add observability to it:');
    ui.log(`  ${cd}${exec} nx g ready:init <project> && ${exec} nx g ready:add-observability <project>`);
  }
  return 0;
}
