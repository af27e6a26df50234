import { addProjectConfiguration, getProjects, readJson, joinPathFragments, logger, offsetFromRoot, updateJson, writeJson, type GeneratorCallback, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { defaultConfig } from '@ready-tools/config';
import { importedFramework } from '../utils/app-edit/adapters';
import { detectListenPort, readProjectSources, type AppProject } from '../utils/app-edit/app-project';
import { hasServiceConfig, writeServiceConfigIfMissing } from '../utils/model';
import { toServiceName } from '../utils/names';
import { addPackagesToApp, installOrSkip } from '../utils/packages';
import { nxVersion } from '../utils/versions';
import { findEntry } from './lib/find-entry';
import type { InitGeneratorSchema } from './schema';

/** What `nx init` keeps out of git. */
const NX_IGNORES = ['.nx/cache', '.nx/workspace-data'];

/**
 * `nx g ready:init` (what `nx add ready` runs; create-ready-service --adopt runs it on an app without Nx): an
 * existing app becomes a ready project. It finds the entry file, the framework and the port, registers the app as an
 * Nx project at the repository root when it is not one, registers ready:sync in nx.json, and writes a ready.yaml that
 * says what it found. Everything that can refuse (no entry file, no supported framework) runs before the first write.
 */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema): Promise<GeneratorCallback> {
  const projects = getProjects(tree);
  const existing = schema.project ? projects.get(schema.project) : [...projects.entries()].find(([, p]) => p.root === '.')?.[1];
  if (schema.project && !existing) {
    throw new Error(`ready:init: no project named "${schema.project}" in this workspace. Known projects: ${[...projects.keys()].sort().join(', ') || 'none'}.`);
  }
  if (!existing && projects.size > 0) {
    // An Nx workspace (`nx add ready`): which of its apps to adopt is the team's call.
    registerSync(tree);
    logger.info(`ready: registered ready:sync in nx.json. Adopt an app with: npx nx g ready:init <project> (projects: ${[...projects.keys()].sort().join(', ')}).`);
    return () => undefined;
  }
  const root = existing?.root ?? '.';
  const name = existing?.name ?? schema.project ?? toServiceName(schema.name ?? packageName(tree) ?? 'api');
  const { entry, found } = schema.entry ? { entry: schema.entry.replace(/^\.\//, ''), found: '--entry' } : findEntry(tree, root);
  if (!tree.exists(joinPathFragments(root, entry))) throw new Error(`ready:init: --entry ${entry} does not exist in ${root}. Nothing was written.`);
  const sourceRoot = existing?.sourceRoot ?? joinPathFragments(root, entry.includes('/') ? entry.split('/')[0] : '.');
  const app: AppProject = { project: name, projectRoot: root, sourceRoot, entryFile: joinPathFragments(root, entry) };
  const framework = importedFramework(readProjectSources(tree, app));
  if (!framework || framework.framework === 'nestjs') {
    throw new Error(
      framework
        ? `ready:init: ${framework.file} imports @nestjs/core: NestJS apps are not supported yet (Express and Fastify are). Nothing was written.`
        : `ready:init: no TypeScript file under ${sourceRoot} imports express or fastify, so this is not an app ready can adopt yet (Express and Fastify are supported). Nothing was written.`,
    );
  }
  const port = detectListenPort(tree, app);

  if (!existing) addProjectConfiguration(tree, name, { root, sourceRoot, projectType: 'application', targets: {} });
  registerSync(tree);
  ignoreNxFiles(tree);
  const hadConfig = hasServiceConfig(tree, root);
  writeServiceConfigIfMissing(
    tree,
    root,
    defaultConfig(toServiceName(name), { runtime: { framework: framework.framework, entry }, ...(port ? { http: { port: port.port } } : {}) }),
    `${offsetFromRoot(root)}node_modules/ready/ready.schema.json`,
  );
  const task = tree.exists('package.json') && !hasPackage(tree, 'nx') ? addPackagesToApp(tree, { nx: nxVersion }, {}, true).task : () => undefined;

  if (!existing) logger.info(`ready: registered the app as Nx project "${name}" (project.json at ${root === '.' ? 'the repository root' : root}).`);
  logger.info(`ready: entry ${entry} (from ${found}), ${framework.framework} (${framework.file} imports it)${port ? `, port ${port.port} (${port.found})` : ', port not found (ready.yaml keeps 3000: set http.port)'}.`);
  logger.info(hadConfig ? `ready: kept the existing ${joinPathFragments(root, 'ready.yaml')}.` : `ready: wrote ${joinPathFragments(root, 'ready.yaml')} with what it found; next: npx nx g ready:add-observability ${name}`);
  return installOrSkip(tree, schema.skipInstall, [task]);
}

function packageName(tree: Tree): string | undefined {
  if (!tree.exists('package.json')) return undefined;
  const name = readJson<{ name?: string }>(tree, 'package.json').name;
  return name?.replace(/^@[^/]+\//, '');
}

function hasPackage(tree: Tree, name: string): boolean {
  const pkg = readJson<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(tree, 'package.json');
  return Boolean(pkg.dependencies?.[name] ?? pkg.devDependencies?.[name]);
}

/** nx.json registers ready:sync, so `nx sync` regenerates what derives from ready.yaml and `nx sync:check` fails on drift. */
function registerSync(tree: Tree): void {
  const generators = ['ready:sync'];
  if (!tree.exists('nx.json')) {
    writeJson(tree, 'nx.json', { $schema: './node_modules/nx/schemas/nx-schema.json', sync: { globalGenerators: generators } });
    return;
  }
  updateJson<NxJsonConfiguration>(tree, 'nx.json', (json) => {
    const current = json.sync?.globalGenerators ?? [];
    return current.includes('ready:sync') ? json : { ...json, sync: { ...json.sync, globalGenerators: [...current, ...generators] } };
  });
}

function ignoreNxFiles(tree: Tree): void {
  const current = tree.read('.gitignore', 'utf-8') ?? '';
  const lines = current.split(/\r?\n/).map((l) => l.trim());
  const missing = NX_IGNORES.filter((entry) => !lines.includes(entry) && !lines.includes('.nx') && !lines.includes('.nx/'));
  if (missing.length > 0) tree.write('.gitignore', `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
}

export default initGenerator;
