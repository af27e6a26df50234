import { readFileSync } from 'node:fs';
import path from 'node:path';
import cliPackage from '../package.json';
import { parseCliArgs, USAGE, type CliArgs } from './args';
import { assertTargetIsEmpty, generateWorkspace, serviceConfigPath, writeWorkspace } from './create-workspace';
import { CliError, UsageError } from './errors';
import { initGitRepository } from './git';
import { detectPackageManager, installDependencies, installFailureMessage } from './install';
import { printNextSteps } from './next-steps';
import { isReadyConfigError, type ReadyPluginApi } from './plugin-api';
import { loadReadyPlugin, resolveReadyPackageSpec } from './plugin-source';
import { askDirectory, askQuestions, isNonInteractive } from './questions';
import { configFromAnswers, configFromFile, serviceNameFromDirectory, type ServiceConfig } from './service-config';
import { createUi, type Output, type Ui } from './ui';

export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** The plugin API; loaded from the checkout or the installed package when not given. */
  plugin?: ReadyPluginApi;
}

/** Runs the CLI and resolves to its exit code: 0 ok, 1 failure, 2 usage error. */
export async function main(argv: string[] = process.argv.slice(2), context: Partial<CliContext> = {}): Promise<number> {
  const ctx: CliContext = {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    ...context,
  };
  const ui = createUi(ctx.stdout, ctx.stderr, ctx.stdoutIsTTY, ctx.env);
  try {
    return await run(parseCliArgs(argv), ctx, ui);
  } catch (error) {
    return report(error, ui);
  }
}

function report(error: unknown, ui: Ui): number {
  if (error instanceof UsageError) {
    ui.error(error.message);
    ui.err.write(`\n${USAGE}`);
    return 2;
  }
  if (error instanceof CliError) {
    ui.error(error.message);
    return error.exitCode;
  }
  if (isReadyConfigError(error)) {
    ui.error(error.message);
    ui.err.write('Nothing was written.\n');
    return 1;
  }
  ui.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}

async function run(args: CliArgs, ctx: CliContext, ui: Ui): Promise<number> {
  if (args.help) {
    ui.out.write(USAGE);
    return 0;
  }
  if (args.version) {
    ui.log(cliPackage.version);
    return 0;
  }

  // 1. Validate everything before anything is written.
  const interactive = !isNonInteractive({ yes: args.yes, env: ctx.env, stdinIsTTY: ctx.stdinIsTTY });
  const directory = args.directory ?? (interactive ? await askDirectory() : undefined);
  if (!directory) throw new UsageError('Missing the target directory, e.g. create-ready-service payments');
  const targetDir = path.resolve(ctx.cwd, directory);
  const shownDir = displayPath(ctx.cwd, targetDir);
  assertTargetIsEmpty(targetDir, shownDir);

  const plugin = ctx.plugin ?? loadReadyPlugin();
  const packageManager = args.packageManager ?? detectPackageManager(ctx.env);
  const config = await decideServiceConfig(args, interactive, plugin, targetDir, ctx.cwd);
  const name = config.model.names.kebab;
  const readyPackageSpec = await resolveReadyPackageSpec({ env: ctx.env, dryRun: args.dryRun });

  // 2. Generate in memory.
  const workspace = await generateWorkspace(plugin, { targetDir, name, configYaml: config.yaml, readyPackageSpec, packageManager });

  if (args.dryRun) {
    for (const change of workspace.changes) ui.log(`${ui.green(change.type)} ${path.join(shownDir, change.path)}`);
    ui.log();
    ui.log(`Dry run: ${workspace.changes.length} files would be created in ${shownDir}. Nothing was written.`);
    return 0;
  }

  // 3. Write, install, run post-install tasks, commit.
  writeWorkspace(targetDir, workspace.changes);
  ui.log(`${ui.green('✔')} Created ${workspace.changes.length} files in ${shownDir}`);

  let installed = false;
  if (args.skipInstall) {
    ui.log(ui.dim(`Skipped installing dependencies (--skip-install).`));
  } else {
    const result = await installDependencies(targetDir, packageManager, ui);
    if (!result.ok) {
      ui.error(installFailureMessage(result, shownDir, packageManager));
      return 1;
    }
    installed = true;
    ui.log(`${ui.green('✔')} Installed dependencies with ${packageManager} in ${result.seconds}s`);
    await runGeneratorTasks(workspace, ui);
  }

  if (args.skipGit) ui.log(ui.dim('Skipped git (--skip-git).'));
  else if ((await initGitRepository(targetDir, ui)).committed) ui.log(`${ui.green('✔')} Created a git repository with the first commit`);

  const envExample = `apps/${name}/.env.example`;
  printNextSteps(ui, {
    shownDir,
    name,
    port: config.model.http.port,
    packageManager,
    installed,
    configPath: serviceConfigPath(name),
    envExample: workspace.tree.exists(envExample) ? envExample : undefined,
  });
  return 0;
}

/** ready.yaml from --config (plus flags), else from the answers (asked, or flags and defaults). */
async function decideServiceConfig(args: CliArgs, interactive: boolean, plugin: ReadyPluginApi, targetDir: string, cwd: string): Promise<ServiceConfig> {
  if (args.configFile) {
    const file = path.resolve(cwd, args.configFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf-8');
    } catch (error) {
      throw new CliError(`Cannot read --config ${args.configFile}: ${(error as Error).message}`);
    }
    return configFromFile(plugin, text, args.configFile, args.answers);
  }
  const defaultName = serviceNameFromDirectory(targetDir);
  const answers = interactive ? await askQuestions(plugin, defaultName, args.answers) : args.answers;
  const name = answers.name ?? defaultName;
  if (!name) throw new UsageError(`Cannot derive a service name from "${path.basename(targetDir)}"; pass --name <kebab-case-name>`);
  return configFromAnswers(plugin, name, answers);
}

/**
 * The generator's own tasks (e.g. an install after adding dependencies) run after our install.
 * Nx's installPackagesTask skips when package.json matches what was last installed, so record it.
 */
async function runGeneratorTasks(workspace: Awaited<ReturnType<typeof generateWorkspace>>, ui: Ui): Promise<void> {
  (globalThis as Record<string, unknown>)['__packageJsonInstallCache__'] = workspace.tree.read('package.json', 'utf-8');
  try {
    await workspace.callback();
  } catch (error) {
    ui.warn(`A post-install step of the generator failed: ${(error as Error).message}`);
  }
}

function displayPath(cwd: string, target: string): string {
  const relative = path.relative(cwd, target);
  if (relative === '') return '.';
  return !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}
