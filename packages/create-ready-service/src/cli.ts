import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as kindSpecs from '../../../generators/kinds/all';
import type { KindSpec } from '../../../generators/kinds/kind-spec';
import cliPackage from '../package.json';
import { adopt } from './adopt';
import { parseCliArgs, USAGE, type CliArgs } from './args';
import { collisions, generateWorkspace, inspectTarget, removeCreated, serviceConfigPath, writeWorkspace, type Created, type GeneratedWorkspace } from './create-workspace';
import { CliError, Interrupted, UsageError } from './errors';
import { INITIAL_COMMIT_MESSAGE, initGitRepository } from './git';
import { detectPackageManager, installDependencies, installFailureMessage } from './install';
import { LOCAL_API_KEY_VAR, localEnvPath, renderLocalEnv } from './local-env';
import { printNextSteps, type TokenCommand } from './next-steps';
import { isReadyConfigError, type ReadyModel, type ReadyPluginApi } from './plugin-api';
import { loadReadyPlugin, resolveReadyPackage } from './plugin-source';
import { startProgress } from './progress';
import { askDirectory, askQuestions, confirmSummary, isNonInteractive } from './questions';
import { configFromAnswers, configFromFile, serviceNameFromDirectory, toServiceName, type ServiceConfig } from './service-config';
import { shellQuote, UNPRINTABLE } from './shell';
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
  /** Aborted on Ctrl-C. The real CLI ties it to SIGINT; tests pass their own. */
  signal?: AbortSignal;
}

/** Runs the CLI and resolves to its exit code: 0 ok, 1 failure, 2 usage error, 130 interrupted. */
export async function main(argv: string[] = process.argv.slice(2), context: Partial<CliContext> = {}): Promise<number> {
  const interrupt = new AbortController();
  // Ctrl-C: stop the running step (npm is killed), then clean up or say how to finish. A second Ctrl-C exits at once.
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  };
  if (!context.signal) process.on('SIGINT', onSigint);
  const ctx: CliContext = {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    signal: interrupt.signal,
    ...context,
  };
  const ui = createUi(ctx.stdout, ctx.stderr, ctx.stdoutIsTTY, ctx.env);
  try {
    return await run(parseCliArgs(argv), ctx, ui);
  } catch (error) {
    return report(error, ui);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function report(error: unknown, ui: Ui): number {
  if (error instanceof UsageError) {
    ui.error(error.message);
    ui.err.write('Run "create-ready-service --help" for all options.\n');
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

/** Throws Interrupted at a step boundary after Ctrl-C. Awaiting a macrotask lets a pending SIGINT be seen. */
async function checkpoint(signal: AbortSignal | undefined, message: string): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new Interrupted(message);
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
  if (args.adopt) return adopt(args, ctx, ui, (dir) => displayPath(ctx.cwd, dir));
  const nothingWritten = 'Interrupted. Nothing was written.';

  // 1. Validate everything before anything is written.
  const interactive = !isNonInteractive({ yes: args.yes, env: ctx.env, stdinIsTTY: ctx.stdinIsTTY });
  const directory = args.directory ?? (interactive ? await askDirectory() : undefined);
  if (!directory) throw new UsageError('Missing the target directory, e.g. create-ready-service payments');
  if (UNPRINTABLE.test(directory)) throw new UsageError(`The directory name ${JSON.stringify(directory)} holds control characters; choose a plain name`);
  const targetDir = path.resolve(ctx.cwd, directory);
  const shownDir = displayPath(ctx.cwd, targetDir);
  const target = inspectTarget(targetDir, shellQuote(shownDir));

  const plugin = ctx.plugin ?? loadReadyPlugin();
  const packageManager = args.packageManager ?? detectPackageManager(ctx.env);
  const config = await decideServiceConfig(args, interactive, plugin, targetDir, ctx.cwd, ui);
  const name = config.model.names.kebab;
  if (interactive) await confirmSummary(ui, { shownDir: shellQuote(shownDir), existing: target.existed, model: config.model, configPath: serviceConfigPath(name) });
  await checkpoint(ctx.signal, nothingWritten);

  // 2. Generate in memory. From a checkout the plugin is packed first (a few seconds): say so.
  const packing = ctx.plugin || ctx.env.READY_PACKAGE_SPEC || args.dryRun ? undefined : startProgress(ui, 'Packing the ready plugin from this checkout');
  let readyPackage;
  try {
    readyPackage = await resolveReadyPackage({ env: ctx.env, dryRun: args.dryRun, signal: ctx.signal });
  } finally {
    packing?.stop();
  }
  await checkpoint(ctx.signal, nothingWritten);
  const generating = args.dryRun ? undefined : startProgress(ui, 'Generating the workspace');
  let workspace: GeneratedWorkspace;
  try {
    workspace = await generateWorkspace(plugin, {
      targetDir,
      name,
      configYaml: config.yaml,
      readyPackageSpec: readyPackage.spec,
      packageManager,
      extraFiles: [
        ...(readyPackage.tarball ? [readyPackage.tarball] : []),
        { path: localEnvPath(name), content: renderLocalEnv(plugin, config.model) },
      ],
    });
  } finally {
    generating?.stop();
  }
  const taken = collisions(targetDir, workspace.changes);
  if (taken.length > 0) {
    throw new CliError(`Target directory ${shellQuote(shownDir)} already holds ${taken.join(', ')}, which the new workspace would overwrite; move ${taken.length > 1 ? 'them' : 'it'} away or choose another directory`);
  }

  if (args.dryRun) {
    for (const change of workspace.changes) ui.log(`${ui.green(change.type)} ${path.join(shownDir, change.path)}`);
    ui.log();
    ui.log(`Dry run: ${workspace.changes.length} files would be created in ${shellQuote(shownDir)}. Nothing was written.`);
    return 0;
  }
  await checkpoint(ctx.signal, nothingWritten);

  // 3. Write (synchronous: a Ctrl-C is seen after it), then install, run post-install tasks, commit.
  const created: Created = { targetDir, createdDir: false, entries: new Set() };
  try {
    writeWorkspace(targetDir, workspace.changes, created);
  } catch (error) {
    removeCreated(created);
    throw new CliError(`Writing the workspace failed, so what was written is removed again: ${(error as Error).message}`);
  }
  ui.log(`${ui.green('✔')} Created ${workspace.changes.length} files in ${shellQuote(shownDir)}`);

  const finish = (steps: string[]) =>
    new Interrupted(
      [`Interrupted. The workspace files are complete in ${shellQuote(shownDir)}; finish with:`, ...steps.map((s) => `  ${s}`), `or remove it: rm -rf ${shellQuote(shownDir)}`].join('\n'),
    );
  const cd = `cd ${shellQuote(shownDir)}`;
  const gitSteps = args.skipGit ? [] : [`git init && git add -A && git commit -m "${INITIAL_COMMIT_MESSAGE}"`];
  if (ctx.signal?.aborted) throw finish([`${cd} && ${packageManager} install`, ...gitSteps]);

  let installed = false;
  if (args.skipInstall) {
    ui.log(ui.dim(`Skipped installing dependencies (--skip-install).`));
  } else {
    const result = await installDependencies(targetDir, packageManager, ui, ctx.signal);
    if (result.interrupted || ctx.signal?.aborted) throw finish([`${cd} && ${packageManager} install`, ...gitSteps]);
    if (!result.ok) {
      ui.error(installFailureMessage(result, shownDir, packageManager));
      return 1;
    }
    installed = true;
    ui.log(`${ui.green('✔')} Installed dependencies with ${packageManager} in ${result.seconds}s`);
    await runGeneratorTasks(workspace, ui);
  }
  if (ctx.signal?.aborted) throw finish([cd, ...gitSteps]);

  let committed = false;
  if (args.skipGit) ui.log(ui.dim('Skipped git (--skip-git).'));
  else if ((committed = (await initGitRepository(targetDir, ui)).committed)) ui.log(`${ui.green('✔')} Created a git repository with the first commit`);
  if (ctx.signal?.aborted) {
    if (!committed && !args.skipGit) throw finish([cd, ...gitSteps]);
    throw new Interrupted(`Interrupted. The workspace in ${shellQuote(shownDir)} is complete; start it with: ${cd} && ${packageManager === 'npm' ? 'npx' : packageManager === 'pnpm' ? 'pnpm exec' : 'yarn'} nx serve ${name}`);
  }

  printNextSteps(ui, {
    shownDir,
    absoluteDir: targetDir,
    name,
    port: config.model.http.port,
    packageManager,
    installed,
    configPath: serviceConfigPath(name),
    localEnv: localEnvPath(name),
    authMode: config.model.auth.mode,
    protectedRoute: protectedRoute(config.model),
    token: tokenCommand(workspace, config.model),
    createDatabases: localDatabases(plugin, config.model),
  });
  return 0;
}

/**
 * The commands that create the local databases of the dependencies whose kind has one to create
 * (KIND_SPECS[kind].localDatabase: postgres, mysql), named by their local URLs (the same URLs as the local .env).
 */
function localDatabases(plugin: ReadyPluginApi, model: ReadyModel): string[] {
  const urls = new Map((plugin.serviceEnvVars?.(model) ?? []).map((v) => [v.name, v.localValue]));
  const specs: Record<string, KindSpec | undefined> = kindSpecs;
  return model.dependencies.flatMap((d) => {
    const local = specs[d.kind]?.localDatabase;
    const url = urls.get(d.envVar);
    if (!local || !url) return [];
    const db = decodeURIComponent(new URL(url).pathname.slice(1));
    // A fresh server already has these.
    return local.builtIn.includes(db) ? [] : [local.create(db)];
  });
}

/** The example resource's list route, which any role may call. */
function protectedRoute(model: ReadyModel): string {
  const prefix = (model.http as { apiPrefix?: string }).apiPrefix ?? `${model.http.basePath.replace(/\/$/, '')}/v1`;
  return `${prefix}/items`;
}

/**
 * A credential for local calls. The service's `token` target when the generator made one: `nx run` prints it,
 * and the same script run by node with the local .env feeds `$(...)` (Nx frames a target's output with lines of
 * its own). Without the target, the local API key of the .env.
 */
function tokenCommand(workspace: GeneratedWorkspace, model: ReadyModel): TokenCommand | undefined {
  const name = model.names.kebab;
  const envFile = `--env-file=${localEnvPath(name)}`;
  const project = JSON.parse(workspace.tree.read(`apps/${name}/project.json`, 'utf-8') ?? '{}') as {
    targets?: Record<string, { options?: { command?: string; cwd?: string } }>;
  };
  const options = project.targets?.token?.options;
  const role = model.auth.adminRole;
  // `node <script> [args]`, run from the workspace root unless the target sets a cwd.
  const script = /^node\s+(\S+)(.*)$/.exec(options?.command?.trim() ?? '');
  if (script) {
    const file = options?.cwd ? path.posix.join(options.cwd, script[1]) : script[1];
    return { role, bare: `node ${envFile} ${file}${script[2]} --role ${role}`, header: 'bearer' };
  }
  const { mode } = model.auth;
  if (mode !== 'api-key' && mode !== 'both') return undefined;
  return { bare: `node ${envFile} -p process.env.${LOCAL_API_KEY_VAR}`, header: mode === 'both' ? 'x-api-key' : 'bearer' };
}

/** ready.yaml from --config (plus flags), else from the answers (asked, or flags and defaults). */
async function decideServiceConfig(args: CliArgs, interactive: boolean, plugin: ReadyPluginApi, targetDir: string, cwd: string, ui: Ui): Promise<ServiceConfig> {
  const answers = { ...args.answers };
  if (answers.name !== undefined) answers.name = normaliseName(plugin, answers.name, `--name "${answers.name}"`, ui);
  if (args.configFile) {
    const file = path.resolve(cwd, args.configFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf-8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new CliError(`Cannot read --config ${args.configFile}: ${why} (${file})`);
    }
    return configFromFile(plugin, text, args.configFile, answers);
  }
  const base = path.basename(targetDir);
  const defaultName = serviceNameFromDirectory(targetDir);
  if (answers.name === undefined && defaultName && defaultName !== base && !interactive) {
    ui.log(`Service name: ${ui.bold(defaultName)} (from the directory name "${base}"; pass --name to choose another)`);
  }
  const asked = interactive ? await askQuestions(plugin, defaultName, answers) : answers;
  const name = asked.name ?? defaultName;
  if (!name) throw new UsageError(`Cannot derive a service name from "${base}"; pass --name <kebab-case-name>`);
  return configFromAnswers(plugin, name, asked);
}

/** A --name that is not kebab-case but has an obvious kebab form (MyService -> my-service) is used in that form, with a note. */
function normaliseName(plugin: ReadyPluginApi, given: string, label: string, ui: Ui): string {
  const valid = (name: string) => {
    try {
      plugin.normalizeConfig(plugin.defaultConfig(name));
      return true;
    } catch {
      return false;
    }
  };
  if (valid(given)) return given;
  const kebab = toServiceName(given);
  if (!kebab || !valid(kebab)) return given; // the config error names the rule
  ui.log(`Service name: ${ui.bold(kebab)} (${label} is not kebab-case)`);
  return kebab;
}

/**
 * The generator's own tasks (e.g. an install after adding dependencies) run after our install.
 * Nx's installPackagesTask skips when package.json matches what was last installed, so record it.
 */
async function runGeneratorTasks(workspace: GeneratedWorkspace, ui: Ui): Promise<void> {
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
